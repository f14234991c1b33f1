#!/usr/bin/env python3
"""An independent reference for Sonde's weight-edit overlays (issue 9): a
forward pass of a Llama-family or GPT-2 model read from its safetensors file
with PyTorch (Debian's python3-torch), in float64, after adding U Vᵀ to the
named logical matrices, written here from the Hugging Face equations rather
than from Sonde's C++.

Logical matrices are [out, in] whatever the checkpoint stores: Llama's
nn.Linear weights are [out, in]; GPT-2's Conv1D weights are [in, out], so an
edit U Vᵀ is added to them transposed.

Usage: edit_reference.py REQUEST.json RESULT.json
REQUEST: {"model": folder, "ids": [...], "edits": [{"layer", "matrix", "u": [[..]], "v": [[..]]}]}
RESULT:  {"logits": [[...], ...]} ([T, vocab])."""
import json
import math
import struct
import sys

import numpy as np
import torch

DTYPES = {"F32": np.float32, "F16": np.float16, "F64": np.float64}


def load_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        array = np.frombuffer(data[begin:end], dtype=DTYPES[info["dtype"]])
        out[name] = torch.from_numpy(array.astype(np.float64).reshape(info["shape"]))
    return out


LLAMA = {"mlp.out": "model.layers.{}.mlp.down_proj.weight", "mlp.in": "model.layers.{}.mlp.up_proj.weight",
         "attn.out": "model.layers.{}.self_attn.o_proj.weight"}
GPT2 = {"mlp.out": "h.{}.mlp.c_proj.weight", "mlp.in": "h.{}.mlp.c_fc.weight", "attn.out": "h.{}.attn.c_proj.weight"}


def apply_edits(w, cfg, edits):
    gpt2 = cfg["model_type"] == "gpt2"
    tied = cfg.get("tie_word_embeddings", gpt2)
    if tied:  # the head becomes a tensor of its own; the embedding stays
        w["lm_head.weight"] = (w["wte.weight"] if gpt2 else w["model.embed_tokens.weight"]).clone()
    for e in edits:
        delta = torch.tensor(e["u"], dtype=torch.float64) @ torch.tensor(e["v"], dtype=torch.float64).T  # [out, in]
        if e["matrix"] == "unembed":
            w["lm_head.weight"] = w["lm_head.weight"] + delta
            continue
        name = (GPT2 if gpt2 else LLAMA)[e["matrix"]].format(e["layer"])
        w[name] = w[name] + (delta.T if gpt2 else delta)


def llama_logits(w, cfg, ids):
    H, KV, D = cfg["num_attention_heads"], cfg.get("num_key_value_heads", cfg["num_attention_heads"]), cfg["hidden_size"]
    hd = cfg.get("head_dim") or D // H
    eps, theta, T = cfg.get("rms_norm_eps", 1e-6), cfg.get("rope_theta", 10000.0), len(ids)
    rms = lambda x, g: x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps) * g
    inv = 1.0 / theta ** (torch.arange(0, hd, 2, dtype=torch.float64) / hd)
    ang = torch.outer(torch.arange(T, dtype=torch.float64), inv)
    ang = torch.cat([ang, ang], -1)
    cos, sin = ang.cos(), ang.sin()
    rope = lambda x: x * cos + torch.cat([-x[..., hd // 2:], x[..., :hd // 2]], -1) * sin
    x = w["model.embed_tokens.weight"][torch.tensor(ids)]
    mask = torch.full((T, T), float("-inf"), dtype=torch.float64).triu(1)
    for l in range(cfg["num_hidden_layers"]):
        p = f"model.layers.{l}."
        h = rms(x, w[p + "input_layernorm.weight"])
        q = rope((h @ w[p + "self_attn.q_proj.weight"].T).view(T, H, hd).transpose(0, 1))
        k = rope((h @ w[p + "self_attn.k_proj.weight"].T).view(T, KV, hd).transpose(0, 1)).repeat_interleave(H // KV, 0)
        v = (h @ w[p + "self_attn.v_proj.weight"].T).view(T, KV, hd).transpose(0, 1).repeat_interleave(H // KV, 0)
        probs = torch.softmax(q @ k.transpose(1, 2) / math.sqrt(hd) + mask, -1)
        x = x + (probs @ v).transpose(0, 1).reshape(T, H * hd) @ w[p + "self_attn.o_proj.weight"].T
        h = rms(x, w[p + "post_attention_layernorm.weight"])
        act = torch.nn.functional.silu(h @ w[p + "mlp.gate_proj.weight"].T) * (h @ w[p + "mlp.up_proj.weight"].T)
        x = x + act @ w[p + "mlp.down_proj.weight"].T
    x = rms(x, w["model.norm.weight"])
    return x @ w["lm_head.weight"].T


def gpt2_logits(w, cfg, ids):
    H, D, T = cfg["n_head"], cfg["n_embd"], len(ids)
    hd, eps = D // H, cfg.get("layer_norm_epsilon", 1e-5)
    ln = lambda x, n: torch.nn.functional.layer_norm(x, (D,), w[n + ".weight"], w[n + ".bias"], eps)
    conv = lambda x, n: x @ w[n + ".weight"] + w[n + ".bias"]
    gelu = lambda x: 0.5 * x * (1 + torch.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x.pow(3))))
    x = w["wte.weight"][torch.tensor(ids)] + w["wpe.weight"][:T]
    mask = torch.full((T, T), float("-inf"), dtype=torch.float64).triu(1)
    for l in range(cfg["n_layer"]):
        p = f"h.{l}."
        qkv = conv(ln(x, p + "ln_1"), p + "attn.c_attn")
        q, k, v = (qkv[:, i * D:(i + 1) * D].view(T, H, hd).transpose(0, 1) for i in range(3))
        probs = torch.softmax(q @ k.transpose(1, 2) / math.sqrt(hd) + mask, -1)
        x = x + conv((probs @ v).transpose(0, 1).reshape(T, D), p + "attn.c_proj")
        x = x + conv(gelu(conv(ln(x, p + "ln_2"), p + "mlp.c_fc")), p + "mlp.c_proj")
    x = ln(x, "ln_f")
    return x @ w["lm_head.weight"].T


def main():
    request = json.load(open(sys.argv[1]))
    folder = request["model"]
    cfg = json.load(open(folder + "/config.json"))
    w = load_safetensors(folder + "/model.safetensors")
    gpt2 = cfg["model_type"] == "gpt2"
    if not cfg.get("tie_word_embeddings", gpt2) and "lm_head.weight" not in w:
        raise SystemExit("untied model without lm_head.weight")
    apply_edits(w, cfg, request["edits"])
    with torch.no_grad():
        logits = (gpt2_logits if gpt2 else llama_logits)(w, cfg, request["ids"])
    json.dump({"logits": logits.tolist()}, open(sys.argv[2], "w"))


if __name__ == "__main__":
    main()
