#!/usr/bin/env python3
"""A straightforward PyTorch (Debian's python3-torch) training loop for the
model `sonde-cli train` builds: Llama architecture (RMSNorm, rotate-half RoPE,
SiLU-gated MLP, tied embeddings), AdamW (betas 0.9/0.95, weight decay 0.1 on
matrices), global-norm clipping at 1.0, random windows of a random token
stream. bench_train runs it beside Sonde's trainer and compares step times.

Usage: train_reference.py VOCAB HIDDEN LAYERS HEADS INTERMEDIATE CONTEXT BATCH STEPS THREADS
Prints JSON: {"step_seconds": [...], "losses": [...]}"""
import json
import math
import sys
import time

import torch


class Llama(torch.nn.Module):
    def __init__(self, vocab, hidden, layers, heads, intermediate, context):
        super().__init__()
        self.heads, self.hd = heads, hidden // heads
        std, resid = 0.02, 0.02 / math.sqrt(2 * layers)
        p = lambda *shape, s=std: torch.nn.Parameter(torch.randn(*shape) * s)
        self.embed = p(vocab, hidden)
        self.blocks = torch.nn.ModuleList()
        for _ in range(layers):
            b = torch.nn.Module()
            b.n1, b.n2 = torch.nn.Parameter(torch.ones(hidden)), torch.nn.Parameter(torch.ones(hidden))
            b.q, b.k, b.v, b.o = p(hidden, hidden), p(hidden, hidden), p(hidden, hidden), p(hidden, hidden, s=resid)
            b.gate, b.up, b.down = p(intermediate, hidden), p(intermediate, hidden), p(hidden, intermediate, s=resid)
            self.blocks.append(b)
        self.norm = torch.nn.Parameter(torch.ones(hidden))
        inv = 1.0 / 10000.0 ** (torch.arange(0, self.hd, 2).float() / self.hd)
        ang = torch.outer(torch.arange(context).float(), inv)
        ang = torch.cat([ang, ang], -1)
        self.register_buffer("cos", ang.cos())
        self.register_buffer("sin", ang.sin())
        self.register_buffer("mask", torch.full((context, context), float("-inf")).triu(1))

    @staticmethod
    def rms(x, g):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + 1e-5) * g

    def rope(self, x):
        T, half = x.shape[2], self.hd // 2
        return x * self.cos[:T] + torch.cat([-x[..., half:], x[..., :half]], -1) * self.sin[:T]

    def forward(self, ids):
        B, T = ids.shape
        x = self.embed[ids]
        for b in self.blocks:
            h = self.rms(x, b.n1)
            q = self.rope((h @ b.q.T).view(B, T, self.heads, self.hd).transpose(1, 2))
            k = self.rope((h @ b.k.T).view(B, T, self.heads, self.hd).transpose(1, 2))
            v = (h @ b.v.T).view(B, T, self.heads, self.hd).transpose(1, 2)
            a = torch.softmax(q @ k.transpose(-2, -1) / math.sqrt(self.hd) + self.mask[:T, :T], -1)
            x = x + (a @ v).transpose(1, 2).reshape(B, T, -1) @ b.o.T
            h = self.rms(x, b.n2)
            x = x + (torch.nn.functional.silu(h @ b.gate.T) * (h @ b.up.T)) @ b.down.T
        return self.rms(x, self.norm) @ self.embed.T


def main():
    vocab, hidden, layers, heads, inter, context, batch, steps, threads = map(int, sys.argv[1:10])
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    model = Llama(vocab, hidden, layers, heads, inter, context)
    decay = [p for p in model.parameters() if p.dim() == 2]
    rest = [p for p in model.parameters() if p.dim() != 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.1}, {"params": rest, "weight_decay": 0.0}],
                            lr=1e-3, betas=(0.9, 0.95), eps=1e-8)
    stream = torch.randint(0, vocab, (200000,))
    times, losses = [], []
    for _ in range(steps):
        start = time.perf_counter()
        starts = torch.randint(0, stream.numel() - context - 1, (batch,))
        tokens = torch.stack([stream[s:s + context + 1] for s in starts.tolist()])
        opt.zero_grad()
        logits = model(tokens[:, :-1])
        loss = torch.nn.functional.cross_entropy(logits.reshape(-1, vocab), tokens[:, 1:].reshape(-1))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        losses.append(loss.item())
        times.append(time.perf_counter() - start)
    print(json.dumps({"step_seconds": times, "losses": losses}))


if __name__ == "__main__":
    main()
