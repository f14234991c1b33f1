#pragma once
// Shared by the model tests: random weights kept in double for a plain-loop
// reference implementation and written as F32 safetensors in Hugging Face's
// key layout, plus comparison helpers.
#include "TestUtil.h"
#include "io/SafetensorsWriter.h"
#include "model/HostTensor.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <cmath>
#include <map>
#include <random>

namespace modeltest {

using sonde::HostTensor;

using Matrix = std::vector<std::vector<double>>; // [rows][cols]

// Random weights by name, kept in double for the reference and written as F32.
struct RandomWeights {
    std::map<QString, std::vector<double>> w;
    std::map<QString, std::vector<std::int64_t>> shapes;

    void add(const QString& name, std::vector<std::int64_t> shape, std::mt19937& rng, double scale, double offset = 0)
    {
        std::normal_distribution<double> normal(0.0, scale);
        std::int64_t n = 1;
        for (auto d : shape)
            n *= d;
        std::vector<double> v(static_cast<size_t>(n));
        for (double& x : v)
            x = double(float(offset + normal(rng))); // exactly representable in F32
        w[name] = v;
        shapes[name] = shape;
    }

    Matrix mat(const QString& name) const
    {
        const auto& s = shapes.at(name);
        const auto& v = w.at(name);
        Matrix m(static_cast<size_t>(s[0]), std::vector<double>(static_cast<size_t>(s[1])));
        for (std::int64_t r = 0; r < s[0]; ++r)
            for (std::int64_t c = 0; c < s[1]; ++c)
                m[static_cast<size_t>(r)][static_cast<size_t>(c)] = v[static_cast<size_t>(r * s[1] + c)];
        return m;
    }
};

// Writes config.json and model.safetensors (F32) into `dir`.
inline void save(const RandomWeights& m, const QString& dir, const QJsonObject& config)
{
    QDir().mkpath(dir);
    testutil::writeFile(QDir(dir).filePath(QStringLiteral("config.json")), QJsonDocument(config).toJson());
    std::vector<std::vector<float>> storage;
    std::vector<sonde::TensorToWrite> tensors;
    for (const auto& [name, values] : m.w) {
        storage.emplace_back(values.begin(), values.end());
        tensors.push_back({name, sonde::DType::F32, m.shapes.at(name), storage.back().data()});
    }
    sonde::writeSafetensors(QDir(dir).filePath(QStringLiteral("model.safetensors")), tensors);
}

inline std::vector<double> linear(const Matrix& W, const std::vector<double>& x, const std::vector<double>* bias = nullptr)
{
    std::vector<double> y(W.size(), 0.0);
    for (size_t r = 0; r < W.size(); ++r) {
        for (size_t c = 0; c < x.size(); ++c)
            y[r] += W[r][c] * x[c];
        if (bias)
            y[r] += (*bias)[r];
    }
    return y;
}

// Largest absolute difference between a HostTensor and a reference matrix (flattened).
inline double maxDiff(const HostTensor& got, const Matrix& want)
{
    double worst = 0;
    size_t i = 0;
    for (const auto& row : want)
        for (double v : row)
            worst = std::max(worst, std::abs(double(got.data.at(i++)) - v));
    if (i != got.data.size())
        return 1e9;
    return worst;
}

inline Matrix flatten(const std::vector<Matrix>& heads)
{
    Matrix flat;
    for (const Matrix& h : heads)
        flat.insert(flat.end(), h.begin(), h.end());
    return flat;
}

// Softmax attention of one head over rows q and k/v (already projected), hd = q row width.
inline void attentionHead(const Matrix& q, const Matrix& k, const Matrix& v, bool causal, Matrix& probs, Matrix& context)
{
    const size_t T = q.size(), hd = q[0].size();
    probs.assign(T, std::vector<double>(T, 0.0));
    context.assign(T, std::vector<double>(hd, 0.0));
    for (size_t i = 0; i < T; ++i) {
        const size_t last = causal ? i : T - 1;
        std::vector<double> score(last + 1);
        double mx = -1e300;
        for (size_t j = 0; j <= last; ++j) {
            double dot = 0;
            for (size_t c = 0; c < hd; ++c)
                dot += q[i][c] * k[j][c];
            score[j] = dot / std::sqrt(double(hd));
            mx = std::max(mx, score[j]);
        }
        double z = 0;
        for (double& s : score)
            z += (s = std::exp(s - mx));
        for (size_t j = 0; j <= last; ++j) {
            probs[i][j] = score[j] / z;
            for (size_t c = 0; c < hd; ++c)
                context[i][c] += probs[i][j] * v[j][c];
        }
    }
}

inline std::vector<double> layerNorm(const std::vector<double>& x, const std::vector<double>& w, const std::vector<double>& b, double eps)
{
    double mean = 0, var = 0;
    for (double v : x)
        mean += v;
    mean /= double(x.size());
    for (double v : x)
        var += (v - mean) * (v - mean);
    var /= double(x.size());
    std::vector<double> y(x.size());
    for (size_t i = 0; i < x.size(); ++i)
        y[i] = (x[i] - mean) / std::sqrt(var + eps) * w[i] + b[i];
    return y;
}

inline double geluTanh(double x)
{
    return 0.5 * x * (1.0 + std::tanh(std::sqrt(2.0 / M_PI) * (x + 0.044715 * x * x * x)));
}

inline double geluErf(double x)
{
    return 0.5 * x * (1.0 + std::erf(x / std::sqrt(2.0)));
}

// Sizes of the tiny GPT-2 and BERT models the tests build.
struct TinyShape {
    int vocab, dim, heads, layers, inner, positions;
};

inline RandomWeights gpt2Weights(const TinyShape& s, const QString& prefix, bool withHead, unsigned seed)
{
    RandomWeights m;
    std::mt19937 rng(seed);
    m.add(prefix + QStringLiteral("wte.weight"), {s.vocab, s.dim}, rng, 0.5);
    m.add(prefix + QStringLiteral("wpe.weight"), {s.positions, s.dim}, rng, 0.3);
    m.add(prefix + QStringLiteral("ln_f.weight"), {s.dim}, rng, 0.1, 1.0);
    m.add(prefix + QStringLiteral("ln_f.bias"), {s.dim}, rng, 0.1);
    for (int l = 0; l < s.layers; ++l) {
        const QString b = prefix + QStringLiteral("h.%1.").arg(l);
        m.add(b + QStringLiteral("ln_1.weight"), {s.dim}, rng, 0.1, 1.0);
        m.add(b + QStringLiteral("ln_1.bias"), {s.dim}, rng, 0.1);
        m.add(b + QStringLiteral("attn.c_attn.weight"), {s.dim, 3 * s.dim}, rng, 0.4);
        m.add(b + QStringLiteral("attn.c_attn.bias"), {3 * s.dim}, rng, 0.1);
        m.add(b + QStringLiteral("attn.c_proj.weight"), {s.dim, s.dim}, rng, 0.3);
        m.add(b + QStringLiteral("attn.c_proj.bias"), {s.dim}, rng, 0.1);
        m.add(b + QStringLiteral("ln_2.weight"), {s.dim}, rng, 0.1, 1.0);
        m.add(b + QStringLiteral("ln_2.bias"), {s.dim}, rng, 0.1);
        m.add(b + QStringLiteral("mlp.c_fc.weight"), {s.dim, s.inner}, rng, 0.3);
        m.add(b + QStringLiteral("mlp.c_fc.bias"), {s.inner}, rng, 0.1);
        m.add(b + QStringLiteral("mlp.c_proj.weight"), {s.inner, s.dim}, rng, 0.3);
        m.add(b + QStringLiteral("mlp.c_proj.bias"), {s.dim}, rng, 0.1);
    }
    if (withHead) // DialoGPT-style checkpoints store the (tied) head again
        m.w[QStringLiteral("lm_head.weight")] = m.w[prefix + QStringLiteral("wte.weight")],
        m.shapes[QStringLiteral("lm_head.weight")] = {s.vocab, s.dim};
    return m;
}

inline QJsonObject gpt2Config(const TinyShape& s)
{
    return {{QStringLiteral("model_type"), QStringLiteral("gpt2")}, {QStringLiteral("vocab_size"), s.vocab},
            {QStringLiteral("n_embd"), s.dim}, {QStringLiteral("n_layer"), s.layers}, {QStringLiteral("n_head"), s.heads},
            {QStringLiteral("n_positions"), s.positions}, {QStringLiteral("n_inner"), s.inner}, {QStringLiteral("layer_norm_epsilon"), 1e-5},
            {QStringLiteral("activation_function"), QStringLiteral("gelu_new")}, {QStringLiteral("bos_token_id"), 0},
            {QStringLiteral("eos_token_id"), 0}};
}

inline RandomWeights bertWeights(const TinyShape& s, bool roberta, const QString& prefix, bool withHead, unsigned seed)
{
    RandomWeights m;
    std::mt19937 rng(seed);
    const int positions = roberta ? s.positions + 2 : s.positions;
    m.add(prefix + QStringLiteral("embeddings.word_embeddings.weight"), {s.vocab, s.dim}, rng, 0.5);
    m.add(prefix + QStringLiteral("embeddings.position_embeddings.weight"), {positions, s.dim}, rng, 0.3);
    m.add(prefix + QStringLiteral("embeddings.token_type_embeddings.weight"), {roberta ? 1 : 2, s.dim}, rng, 0.3);
    m.add(prefix + QStringLiteral("embeddings.LayerNorm.weight"), {s.dim}, rng, 0.1, 1.0);
    m.add(prefix + QStringLiteral("embeddings.LayerNorm.bias"), {s.dim}, rng, 0.1);
    for (int l = 0; l < s.layers; ++l) {
        const QString b = prefix + QStringLiteral("encoder.layer.%1.").arg(l);
        for (const char* n : {"attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense"}) {
            m.add(b + QLatin1String(n) + QStringLiteral(".weight"), {s.dim, s.dim}, rng, 0.4);
            m.add(b + QLatin1String(n) + QStringLiteral(".bias"), {s.dim}, rng, 0.1);
        }
        for (const char* n : {"attention.output.LayerNorm", "output.LayerNorm"}) {
            m.add(b + QLatin1String(n) + QStringLiteral(".weight"), {s.dim}, rng, 0.1, 1.0);
            m.add(b + QLatin1String(n) + QStringLiteral(".bias"), {s.dim}, rng, 0.1);
        }
        m.add(b + QStringLiteral("intermediate.dense.weight"), {s.inner, s.dim}, rng, 0.3);
        m.add(b + QStringLiteral("intermediate.dense.bias"), {s.inner}, rng, 0.1);
        m.add(b + QStringLiteral("output.dense.weight"), {s.dim, s.inner}, rng, 0.3);
        m.add(b + QStringLiteral("output.dense.bias"), {s.dim}, rng, 0.1);
    }
    if (withHead) {
        const QString h = roberta ? QStringLiteral("lm_head.") : QStringLiteral("cls.predictions.");
        const QString dense = roberta ? QStringLiteral("dense") : QStringLiteral("transform.dense");
        const QString ln = roberta ? QStringLiteral("layer_norm") : QStringLiteral("transform.LayerNorm");
        m.add(h + dense + QStringLiteral(".weight"), {s.dim, s.dim}, rng, 0.4);
        m.add(h + dense + QStringLiteral(".bias"), {s.dim}, rng, 0.1);
        m.add(h + ln + QStringLiteral(".weight"), {s.dim}, rng, 0.1, 1.0);
        m.add(h + ln + QStringLiteral(".bias"), {s.dim}, rng, 0.1);
        m.add(h + QStringLiteral("bias"), {s.vocab}, rng, 0.2);
    }
    // A pooler, as BertModel checkpoints carry: present but unused.
    m.add(prefix + QStringLiteral("pooler.dense.weight"), {s.dim, s.dim}, rng, 0.1);
    m.add(prefix + QStringLiteral("pooler.dense.bias"), {s.dim}, rng, 0.1);
    return m;
}

inline QJsonObject bertConfig(const TinyShape& s, bool roberta)
{
    QJsonObject c{{QStringLiteral("model_type"), roberta ? QStringLiteral("roberta") : QStringLiteral("bert")},
                  {QStringLiteral("vocab_size"), s.vocab}, {QStringLiteral("hidden_size"), s.dim}, {QStringLiteral("num_hidden_layers"), s.layers},
                  {QStringLiteral("num_attention_heads"), s.heads}, {QStringLiteral("intermediate_size"), s.inner},
                  {QStringLiteral("max_position_embeddings"), roberta ? s.positions + 2 : s.positions}, {QStringLiteral("type_vocab_size"), roberta ? 1 : 2},
                  {QStringLiteral("layer_norm_eps"), 1e-12}, {QStringLiteral("hidden_act"), QStringLiteral("gelu")}};
    if (roberta)
        c.insert(QStringLiteral("pad_token_id"), 1);
    return c;
}

// A Llama with grouped-query attention (heads / 2 key-value heads) and, when
// `tied` is false, its own output head.
inline RandomWeights llamaWeights(const TinyShape& s, bool tied, unsigned seed)
{
    RandomWeights m;
    std::mt19937 rng(seed);
    const int hd = s.dim / s.heads, kv = s.heads / 2;
    m.add(QStringLiteral("model.embed_tokens.weight"), {s.vocab, s.dim}, rng, 1.0);
    m.add(QStringLiteral("model.norm.weight"), {s.dim}, rng, 0.1, 1.0);
    if (!tied)
        m.add(QStringLiteral("lm_head.weight"), {s.vocab, s.dim}, rng, 0.3);
    for (int l = 0; l < s.layers; ++l) {
        const QString p = QStringLiteral("model.layers.%1.").arg(l);
        m.add(p + QStringLiteral("input_layernorm.weight"), {s.dim}, rng, 0.1, 1.0);
        m.add(p + QStringLiteral("self_attn.q_proj.weight"), {s.heads * hd, s.dim}, rng, 0.5);
        m.add(p + QStringLiteral("self_attn.k_proj.weight"), {kv * hd, s.dim}, rng, 0.5);
        m.add(p + QStringLiteral("self_attn.v_proj.weight"), {kv * hd, s.dim}, rng, 0.3);
        m.add(p + QStringLiteral("self_attn.o_proj.weight"), {s.dim, s.heads * hd}, rng, 0.3);
        m.add(p + QStringLiteral("post_attention_layernorm.weight"), {s.dim}, rng, 0.1, 1.0);
        m.add(p + QStringLiteral("mlp.gate_proj.weight"), {s.inner, s.dim}, rng, 0.4);
        m.add(p + QStringLiteral("mlp.up_proj.weight"), {s.inner, s.dim}, rng, 0.4);
        m.add(p + QStringLiteral("mlp.down_proj.weight"), {s.dim, s.inner}, rng, 0.3);
    }
    return m;
}

inline QJsonObject llamaConfig(const TinyShape& s, bool tied)
{
    return {{QStringLiteral("model_type"), QStringLiteral("llama")}, {QStringLiteral("vocab_size"), s.vocab},
            {QStringLiteral("hidden_size"), s.dim}, {QStringLiteral("intermediate_size"), s.inner},
            {QStringLiteral("num_hidden_layers"), s.layers}, {QStringLiteral("num_attention_heads"), s.heads},
            {QStringLiteral("num_key_value_heads"), s.heads / 2}, {QStringLiteral("max_position_embeddings"), s.positions},
            {QStringLiteral("rms_norm_eps"), 1e-5}, {QStringLiteral("rope_theta"), 10000.0}, {QStringLiteral("tie_word_embeddings"), tied}};
}

} // namespace modeltest
