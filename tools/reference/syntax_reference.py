#!/usr/bin/env python3
"""A straightforward reference for Sonde's head-vs-syntax scoring (issue 4,
steps 2-5), written independently of Sonde's C++ with PyTorch (Debian's
python3-torch): the model's forward pass from its safetensors weights, the
attention of every head, word pooling (columns summed, rows averaged,
special tokens dropped), argmax heads in both directions (ties to the lowest
index), and the accuracy of every (relation, layer, head, direction).

It takes the tokenisation (step 1) from Sonde: Sonde writes a workload
file with each sentence's token ids, the word of every token and the gold
tree. Usage: syntax_reference.py WORKLOAD.json RESULT.json
Prints nothing; RESULT.json holds the table and the seconds it took."""
import json
import math
import struct
import sys
import time

import numpy as np
import torch

DTYPES = {"F32": np.float32, "F16": np.float16, "F64": np.float64}


def load_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        if info["dtype"] == "BF16":  # widen bf16 by hand: numpy has no bfloat16
            raw = np.frombuffer(data[begin:end], dtype=np.uint16).astype(np.uint32) << 16
            array = raw.view(np.float32)
        else:
            array = np.frombuffer(data[begin:end], dtype=DTYPES[info["dtype"]])
        tensors[name] = torch.from_numpy(array.astype(np.float32).reshape(info["shape"]))
    return tensors


def llama_attentions(w, cfg, ids):
    H, KV = cfg["num_attention_heads"], cfg.get("num_key_value_heads", cfg["num_attention_heads"])
    D = cfg["hidden_size"]
    hd = D // H
    eps = cfg.get("rms_norm_eps", 1e-6)
    theta = cfg.get("rope_theta", 10000.0)
    T = len(ids)

    def rms(x, g):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps) * g

    inv = 1.0 / theta ** (torch.arange(0, hd, 2).float() / hd)
    ang = torch.outer(torch.arange(T).float(), inv)
    ang = torch.cat([ang, ang], -1)
    cos, sin = ang.cos(), ang.sin()

    def rope(x):  # [heads, T, hd]
        half = hd // 2
        return x * cos + torch.cat([-x[..., half:], x[..., :half]], -1) * sin

    x = w["model.embed_tokens.weight"][torch.tensor(ids)]
    mask = torch.full((T, T), float("-inf")).triu(1)
    out = []
    for l in range(cfg["num_hidden_layers"]):
        p = f"model.layers.{l}."
        h = rms(x, w[p + "input_layernorm.weight"])
        q = rope((h @ w[p + "self_attn.q_proj.weight"].T).view(T, H, hd).transpose(0, 1))
        k = rope((h @ w[p + "self_attn.k_proj.weight"].T).view(T, KV, hd).transpose(0, 1))
        v = (h @ w[p + "self_attn.v_proj.weight"].T).view(T, KV, hd).transpose(0, 1)
        k = k.repeat_interleave(H // KV, 0)
        v = v.repeat_interleave(H // KV, 0)
        probs = torch.softmax(q @ k.transpose(1, 2) / math.sqrt(hd) + mask, -1)
        out.append(probs)
        x = x + (probs @ v).transpose(0, 1).reshape(T, D) @ w[p + "self_attn.o_proj.weight"].T
        h = rms(x, w[p + "post_attention_layernorm.weight"])
        gate = h @ w[p + "mlp.gate_proj.weight"].T
        up = h @ w[p + "mlp.up_proj.weight"].T
        x = x + (torch.nn.functional.silu(gate) * up) @ w[p + "mlp.down_proj.weight"].T
    return out


def bert_attentions(w, cfg, ids):
    H, D = cfg["num_attention_heads"], cfg["hidden_size"]
    hd = D // H
    eps = cfg.get("layer_norm_eps", 1e-12)
    T = len(ids)

    def ln(x, name):
        return torch.nn.functional.layer_norm(x, (D,), w[name + ".weight"], w[name + ".bias"], eps)

    def dense(x, name):
        return x @ w[name + ".weight"].T + w[name + ".bias"]

    x = (w["embeddings.word_embeddings.weight"][torch.tensor(ids)] + w["embeddings.position_embeddings.weight"][:T]
         + w["embeddings.token_type_embeddings.weight"][0])
    x = ln(x, "embeddings.LayerNorm")
    out = []
    for l in range(cfg["num_hidden_layers"]):
        p = f"encoder.layer.{l}."
        q = dense(x, p + "attention.self.query").view(T, H, hd).transpose(0, 1)
        k = dense(x, p + "attention.self.key").view(T, H, hd).transpose(0, 1)
        v = dense(x, p + "attention.self.value").view(T, H, hd).transpose(0, 1)
        probs = torch.softmax(q @ k.transpose(1, 2) / math.sqrt(hd), -1)
        out.append(probs)
        x = ln(x + dense((probs @ v).transpose(0, 1).reshape(T, D), p + "attention.output.dense"), p + "attention.output.LayerNorm")
        inner = torch.nn.functional.gelu(dense(x, p + "intermediate.dense"))
        x = ln(x + dense(inner, p + "output.dense"), p + "output.LayerNorm")
    return out


def main():
    workload = json.load(open(sys.argv[1]))
    torch.set_num_threads(workload["threads"])
    folder = workload["model"]
    cfg = json.load(open(folder + "/config.json"))
    start = time.perf_counter()
    weights = load_safetensors(folder + "/model.safetensors")
    forward = bert_attentions if cfg["model_type"] == "bert" else llama_attentions
    L, H = cfg["num_hidden_layers"], cfg["num_attention_heads"]
    correct, count = {}, {}
    with torch.no_grad():
        for s in workload["sentences"]:
            token_word = torch.tensor(s["token_word"])
            keep = token_word >= 0
            n = len(s["heads"])
            member = torch.zeros(n, int(keep.sum()))
            member[token_word[keep], torch.arange(int(keep.sum()))] = 1.0
            rows = member / member.sum(1, keepdim=True)  # average a word's rows, sum its columns
            layers = forward(weights, cfg, s["ids"])
            A = torch.stack(layers)[:, :, keep][:, :, :, keep]  # [L, H, T', T']
            W = rows @ A @ member.T  # [L, H, n, n]
            W = W * (1 - torch.eye(n))
            pred = {"dep2head": W.argmax(-1) + 1, "head2dep": W.transpose(-1, -2).argmax(-1) + 1}  # 1-based heads
            gold = torch.tensor(s["heads"])
            for i, rel in enumerate(s["relations"]):
                if s["heads"][i] == 0:
                    continue
                for r in (rel, "all"):
                    count[r] = count.get(r, 0) + 1
                    for d in ("dep2head", "head2dep"):
                        hit = (pred[d][:, :, i] == gold[i]).double()
                        correct.setdefault((r, d), torch.zeros(L, H, dtype=torch.float64))
                        correct[(r, d)] += hit
    seconds = time.perf_counter() - start
    table = {r: {"count": c, **{d: (correct[(r, d)] / c).tolist() for d in ("dep2head", "head2dep")}} for r, c in count.items()}
    json.dump({"seconds": seconds, "sentences": len(workload["sentences"]), "relations": table}, open(sys.argv[2], "w"))


if __name__ == "__main__":
    main()
