// The Llama-family forward pass against an independent reference: a plain-loop
// implementation in double precision written here from the Hugging Face
// modeling_llama equations, run on random-weight models saved in HF's key
// layout. Logits, attentions, hidden states and MLP keys/values must agree to
// 1e-4; the KV-cache path must agree with the full pass; bad weights must fail
// with clear errors.
#include "Error.h"
#include "TestUtil.h"
#include "ModelTestUtil.h"
#include "io/SafetensorsWriter.h"
#include "model/Gemv.h"
#include "model/LanguageModel.h"
#include "runtime/Runtime.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <map>
#include <random>

using namespace sonde;
using namespace modeltest;

namespace {

struct Spec {
    QString modelType = QStringLiteral("llama");
    int vocab = 40, dim = 16, hidden = 24, layers = 2, heads = 4, kvHeads = 2;
    bool tied = true;
    bool bias = false;
    double theta = 10000.0;
    double linearFactor = 1.0;
    double eps = 1e-5;
};

struct RandomModel : modeltest::RandomWeights {
    Spec spec;
};

RandomModel makeModel(const Spec& s, unsigned seed)
{
    RandomModel m;
    m.spec = s;
    std::mt19937 rng(seed);
    const int hd = s.dim / s.heads;
    m.add(QStringLiteral("model.embed_tokens.weight"), {s.vocab, s.dim}, rng, 1.0);
    m.add(QStringLiteral("model.norm.weight"), {s.dim}, rng, 0.1, 1.0);
    if (!s.tied)
        m.add(QStringLiteral("lm_head.weight"), {s.vocab, s.dim}, rng, 0.3);
    for (int l = 0; l < s.layers; ++l) {
        const QString p = QStringLiteral("model.layers.%1.").arg(l);
        m.add(p + QStringLiteral("input_layernorm.weight"), {s.dim}, rng, 0.1, 1.0);
        m.add(p + QStringLiteral("self_attn.q_proj.weight"), {s.heads * hd, s.dim}, rng, 0.5);
        m.add(p + QStringLiteral("self_attn.k_proj.weight"), {s.kvHeads * hd, s.dim}, rng, 0.5);
        m.add(p + QStringLiteral("self_attn.v_proj.weight"), {s.kvHeads * hd, s.dim}, rng, 0.3);
        m.add(p + QStringLiteral("self_attn.o_proj.weight"), {s.dim, s.heads * hd}, rng, 0.3);
        if (s.bias) {
            m.add(p + QStringLiteral("self_attn.q_proj.bias"), {s.heads * hd}, rng, 0.2);
            m.add(p + QStringLiteral("self_attn.k_proj.bias"), {s.kvHeads * hd}, rng, 0.2);
            m.add(p + QStringLiteral("self_attn.v_proj.bias"), {s.kvHeads * hd}, rng, 0.2);
        }
        m.add(p + QStringLiteral("post_attention_layernorm.weight"), {s.dim}, rng, 0.1, 1.0);
        m.add(p + QStringLiteral("mlp.gate_proj.weight"), {s.hidden, s.dim}, rng, 0.3);
        m.add(p + QStringLiteral("mlp.up_proj.weight"), {s.hidden, s.dim}, rng, 0.3);
        m.add(p + QStringLiteral("mlp.down_proj.weight"), {s.dim, s.hidden}, rng, 0.3);
    }
    return m;
}

void saveModel(const RandomModel& m, const QString& dir, QJsonObject extraConfig = {})
{
    const Spec& s = m.spec;
    QJsonObject config{{QStringLiteral("model_type"), s.modelType},
                       {QStringLiteral("vocab_size"), s.vocab},
                       {QStringLiteral("hidden_size"), s.dim},
                       {QStringLiteral("intermediate_size"), s.hidden},
                       {QStringLiteral("num_hidden_layers"), s.layers},
                       {QStringLiteral("num_attention_heads"), s.heads},
                       {QStringLiteral("num_key_value_heads"), s.kvHeads},
                       {QStringLiteral("max_position_embeddings"), 64},
                       {QStringLiteral("rms_norm_eps"), s.eps},
                       {QStringLiteral("rope_theta"), s.theta},
                       {QStringLiteral("tie_word_embeddings"), s.tied},
                       {QStringLiteral("bos_token_id"), 1},
                       {QStringLiteral("eos_token_id"), 2}};
    if (s.linearFactor != 1.0)
        config.insert(QStringLiteral("rope_scaling"),
                      QJsonObject{{QStringLiteral("type"), QStringLiteral("linear")}, {QStringLiteral("factor"), s.linearFactor}});
    for (auto it = extraConfig.begin(); it != extraConfig.end(); ++it)
        config.insert(it.key(), it.value());
    modeltest::save(m, dir, config);
}

// ---- the reference, straight from the equations ----

std::vector<double> rmsNorm(const std::vector<double>& x, const std::vector<double>& w, double eps)
{
    double ms = 0;
    for (double v : x)
        ms += v * v;
    ms /= double(x.size());
    std::vector<double> y(x.size());
    for (size_t i = 0; i < x.size(); ++i)
        y[i] = x[i] / std::sqrt(ms + eps) * w[i];
    return y;
}

void rope(std::vector<double>& v, int heads, int hd, int pos, const Spec& s)
{
    const int half = hd / 2;
    for (int h = 0; h < heads; ++h)
        for (int i = 0; i < half; ++i) {
            const double angle = (pos / s.linearFactor) / std::pow(s.theta, 2.0 * i / hd);
            double& a = v[static_cast<size_t>(h * hd + i)];
            double& b = v[static_cast<size_t>(h * hd + i + half)];
            const double x1 = a, x2 = b;
            a = x1 * std::cos(angle) - x2 * std::sin(angle);
            b = x2 * std::cos(angle) + x1 * std::sin(angle);
        }
}

struct Reference {
    Matrix logits;
    std::vector<std::vector<Matrix>> attentions; // [layer][head][i][j]
    std::vector<Matrix> hidden;                  // L+1
    std::vector<Matrix> mlpIn, mlpOut;
};

Reference reference(const RandomModel& m, const std::vector<int>& ids, const MlpAddHook* hook = nullptr)
{
    const Spec& s = m.spec;
    const int T = int(ids.size()), hd = s.dim / s.heads, group = s.heads / s.kvHeads;
    Reference r;
    const Matrix E = m.mat(QStringLiteral("model.embed_tokens.weight"));
    Matrix x;
    for (int id : ids)
        x.push_back(E[static_cast<size_t>(id)]);
    for (int l = 0; l < s.layers; ++l) {
        const QString p = QStringLiteral("model.layers.%1.").arg(l);
        auto W = [&](const char* n) { return m.mat(p + QLatin1String(n)); };
        auto V = [&](const char* n) { return m.w.at(p + QLatin1String(n)); };
        r.hidden.push_back(x);
        Matrix q(static_cast<size_t>(T)), k(static_cast<size_t>(T)), v(static_cast<size_t>(T));
        std::vector<double> bq, bk, bv;
        if (s.bias) {
            bq = V("self_attn.q_proj.bias");
            bk = V("self_attn.k_proj.bias");
            bv = V("self_attn.v_proj.bias");
        }
        for (int t = 0; t < T; ++t) {
            const auto h = rmsNorm(x[static_cast<size_t>(t)], V("input_layernorm.weight"), s.eps);
            q[static_cast<size_t>(t)] = linear(W("self_attn.q_proj.weight"), h, s.bias ? &bq : nullptr);
            k[static_cast<size_t>(t)] = linear(W("self_attn.k_proj.weight"), h, s.bias ? &bk : nullptr);
            v[static_cast<size_t>(t)] = linear(W("self_attn.v_proj.weight"), h, s.bias ? &bv : nullptr);
            rope(q[static_cast<size_t>(t)], s.heads, hd, t, s);
            rope(k[static_cast<size_t>(t)], s.kvHeads, hd, t, s);
        }
        std::vector<Matrix> layerAttn(static_cast<size_t>(s.heads), Matrix(static_cast<size_t>(T), std::vector<double>(static_cast<size_t>(T), 0.0)));
        Matrix context(static_cast<size_t>(T), std::vector<double>(static_cast<size_t>(s.heads * hd), 0.0));
        for (int h = 0; h < s.heads; ++h) {
            const int kvh = h / group;
            for (int i = 0; i < T; ++i) {
                std::vector<double> score(static_cast<size_t>(i + 1));
                double mx = -1e300;
                for (int j = 0; j <= i; ++j) {
                    double dot = 0;
                    for (int c = 0; c < hd; ++c)
                        dot += q[static_cast<size_t>(i)][static_cast<size_t>(h * hd + c)] * k[static_cast<size_t>(j)][static_cast<size_t>(kvh * hd + c)];
                    score[static_cast<size_t>(j)] = dot / std::sqrt(double(hd));
                    mx = std::max(mx, score[static_cast<size_t>(j)]);
                }
                double z = 0;
                for (double& sc : score)
                    z += (sc = std::exp(sc - mx));
                for (int j = 0; j <= i; ++j) {
                    const double pr = score[static_cast<size_t>(j)] / z;
                    layerAttn[static_cast<size_t>(h)][static_cast<size_t>(i)][static_cast<size_t>(j)] = pr;
                    for (int c = 0; c < hd; ++c)
                        context[static_cast<size_t>(i)][static_cast<size_t>(h * hd + c)] += pr * v[static_cast<size_t>(j)][static_cast<size_t>(kvh * hd + c)];
                }
            }
        }
        r.attentions.push_back(layerAttn);
        Matrix in, out;
        for (int t = 0; t < T; ++t) {
            const auto o = linear(W("self_attn.o_proj.weight"), context[static_cast<size_t>(t)]);
            for (int c = 0; c < s.dim; ++c)
                x[static_cast<size_t>(t)][static_cast<size_t>(c)] += o[static_cast<size_t>(c)];
            const auto h2 = rmsNorm(x[static_cast<size_t>(t)], V("post_attention_layernorm.weight"), s.eps);
            const auto g = linear(W("mlp.gate_proj.weight"), h2);
            const auto u = linear(W("mlp.up_proj.weight"), h2);
            std::vector<double> a(g.size());
            for (size_t i = 0; i < g.size(); ++i)
                a[i] = g[i] / (1.0 + std::exp(-g[i])) * u[i];
            auto d = linear(W("mlp.down_proj.weight"), a);
            in.push_back(a);
            out.push_back(d);
            const bool hooked = hook && hook->layer == l
                && (hook->positions.empty() || std::find(hook->positions.begin(), hook->positions.end(), t) != hook->positions.end());
            for (int c = 0; c < s.dim; ++c)
                x[static_cast<size_t>(t)][static_cast<size_t>(c)] += d[static_cast<size_t>(c)] + (hooked ? hook->vector[static_cast<size_t>(c)] : 0.0);
        }
        r.mlpIn.push_back(in);
        r.mlpOut.push_back(out);
    }
    const Matrix head = s.tied ? E : m.mat(QStringLiteral("lm_head.weight"));
    Matrix normed;
    for (int t = 0; t < T; ++t) {
        normed.push_back(rmsNorm(x[static_cast<size_t>(t)], m.w.at(QStringLiteral("model.norm.weight")), s.eps));
        r.logits.push_back(linear(head, normed.back()));
    }
    r.hidden.push_back(normed);
    return r;
}

constexpr double kTolerance = 1e-4;

} // namespace

class TestLlama : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

    void compareWithReference(const Spec& spec, unsigned seed)
    {
        const RandomModel m = makeModel(spec, seed);
        const QString dir = m_dir.filePath(QStringLiteral("model-%1").arg(seed));
        saveModel(m, dir);
        const auto model = LanguageModel::load(dir);
        const std::vector<int> ids = {1, 7, 3, 39, 12, 7, 25, 0, 18};
        CaptureOptions all;
        all.attentions = all.hiddenStates = all.mlpIO = true;
        const ForwardResult got = model->forward(ids, all);
        const Reference want = reference(m, ids);

        QCOMPARE(got.logits.shape, (std::vector<std::int64_t>{9, spec.vocab}));
        QVERIFY2(maxDiff(got.logits, want.logits) < kTolerance, qPrintable(QString::number(maxDiff(got.logits, want.logits))));
        QCOMPARE(got.attentions.size(), static_cast<size_t>(spec.layers));
        for (int l = 0; l < spec.layers; ++l) {
            QCOMPARE(got.attentions[static_cast<size_t>(l)].shape, (std::vector<std::int64_t>{spec.heads, 9, 9}));
            Matrix flat; // [heads*T][T]
            for (const Matrix& head : want.attentions[static_cast<size_t>(l)])
                flat.insert(flat.end(), head.begin(), head.end());
            QVERIFY2(maxDiff(got.attentions[static_cast<size_t>(l)], flat) < kTolerance, qPrintable(QStringLiteral("attention layer %1").arg(l)));
            QVERIFY(maxDiff(got.mlpInputs[static_cast<size_t>(l)], want.mlpIn[static_cast<size_t>(l)]) < kTolerance);
            QVERIFY(maxDiff(got.mlpOutputs[static_cast<size_t>(l)], want.mlpOut[static_cast<size_t>(l)]) < kTolerance);
        }
        QCOMPARE(got.hiddenStates.size(), static_cast<size_t>(spec.layers + 1));
        for (size_t i = 0; i < got.hiddenStates.size(); ++i)
            QVERIFY2(maxDiff(got.hiddenStates[i], want.hidden[i]) < kTolerance, qPrintable(QStringLiteral("hidden %1").arg(i)));

        // Incremental decoding with the KV cache gives the same last-token logits.
        auto session = model->startSession(16);
        session->feed({ids.begin(), ids.begin() + 4});
        std::vector<float> last;
        for (size_t i = 4; i < ids.size(); ++i)
            last = session->feed({ids[i]});
        QCOMPARE(session->position(), 9);
        QVERIFY(maxDiff(HostTensor{{spec.vocab}, last}, {want.logits.back()}) < kTolerance);
    }

private Q_SLOTS:
    void llamaWithGroupedQueryAttention() { compareWithReference(Spec{}, 11); }

    void multiHeadAttentionAndUntiedHead()
    {
        Spec s;
        s.kvHeads = s.heads;
        s.tied = false;
        compareWithReference(s, 12);
    }

    void qwen2BiasesAndScaledRope()
    {
        Spec s;
        s.modelType = QStringLiteral("qwen2");
        s.bias = true;
        s.tied = false;
        s.kvHeads = 1;
        s.theta = 500000.0;
        s.linearFactor = 4.0;
        compareWithReference(s, 13);
    }

    void gemvKernelMatchesANaiveLoop()
    {
        // Sizes that leave remainders in both the 4-row and the 8-column blocking.
        for (auto [rows, cols] : std::vector<std::pair<int, int>>{{1, 1}, {7, 13}, {37, 100}, {64, 768}}) {
            std::mt19937 rng(std::uint32_t(rows * 131 + cols));
            std::normal_distribution<float> normal;
            std::vector<float> w(size_t(rows) * size_t(cols)), x(static_cast<size_t>(cols)), y(static_cast<size_t>(rows));
            for (float& v : w)
                v = normal(rng);
            for (float& v : x)
                v = normal(rng);
            gemvRows(w.data(), x.data(), y.data(), cols, 0, rows);
            for (int r = 0; r < rows; ++r) {
                double want = 0;
                for (int c = 0; c < cols; ++c)
                    want += double(w[size_t(r) * size_t(cols) + size_t(c)]) * x[size_t(c)];
                QVERIFY2(std::abs(y[size_t(r)] - want) < 1e-4 * std::max(1.0, std::abs(want)),
                         qPrintable(QStringLiteral("%1x%2 row %3").arg(rows).arg(cols).arg(r)));
            }
        }
    }

    void singleThreadedDecodingMatchesTheReference()
    {
        // One compute thread takes the custom gemv path; the numbers must not change.
        setComputeThreads(1);
        compareWithReference(Spec{}, 17);
        setComputeThreads(0);
    }

    void bf16ComputeStaysCloseToF32()
    {
        // The reduced-precision path (CUDA's in practice) checked here on the CPU:
        // BF16 keeps ~3 significant digits, so logits agree to a few hundredths.
        const RandomModel m = makeModel(Spec{}, 71);
        const QString dir = m_dir.filePath(QStringLiteral("bf16"));
        saveModel(m, dir);
        const auto f32 = LanguageModel::load(dir);
        const auto bf16 = LanguageModel::load(dir, QStringLiteral("cpu"), ComputeDType::BF16);
        QVERIFY(bf16->warnings().join(QLatin1Char(' ')).contains(QStringLiteral("BF16 on the CPU")));
        const std::vector<int> ids = {1, 7, 3, 39, 12, 7};
        CaptureOptions attn;
        attn.attentions = true;
        const ForwardResult a = f32->forward(ids, attn), b = bf16->forward(ids, attn);
        double worst = 0, scale = 0;
        for (size_t i = 0; i < a.logits.data.size(); ++i) {
            worst = std::max(worst, double(std::abs(a.logits.data[i] - b.logits.data[i])));
            scale = std::max(scale, double(std::abs(a.logits.data[i])));
        }
        QVERIFY2(worst < 0.05 * scale, qPrintable(QStringLiteral("%1 vs scale %2").arg(worst).arg(scale)));
        QVERIFY(worst > 0); // really computed in another precision
        for (const HostTensor& layer : b.attentions) // softmax in F32: rows still sum to one
            for (std::int64_t row = 0; row < layer.shape[0] * layer.shape[1]; ++row) {
                double sum = 0;
                for (std::int64_t j = 0; j < layer.shape[2]; ++j)
                    sum += layer.data[size_t(row * layer.shape[2] + j)];
                QVERIFY(std::abs(sum - 1.0) < 1e-2);
            }
        auto session = bf16->startSession(8);
        const std::vector<float> last = session->feed(ids);
        QCOMPARE(int(last.size()), 40);
        QVERIFY_THROWS_EXCEPTION(Error, LanguageModel::load(dir, QStringLiteral("cpu"), ComputeDType::F16));
    }

    void mlpHookAddsAtChosenPositions()
    {
        const RandomModel m = makeModel(Spec{}, 21);
        const QString dir = m_dir.filePath(QStringLiteral("hook"));
        saveModel(m, dir);
        const auto model = LanguageModel::load(dir);
        MlpAddHook hook;
        hook.layer = 1;
        hook.positions = {2, 4};
        for (int i = 0; i < 16; ++i)
            hook.vector.push_back(0.25f * float(i % 5) - 0.5f);
        const std::vector<int> ids = {1, 5, 9, 2, 30, 8};
        const ForwardResult got = model->forward(ids, {}, {hook});
        const Reference want = reference(m, ids, &hook);
        QVERIFY(maxDiff(got.logits, want.logits) < kTolerance);
        // Positions before the first hooked one are untouched.
        const Reference plain = reference(m, ids);
        for (int c = 0; c < 40; ++c)
            QVERIFY(std::abs(got.logits.at(1, c) - plain.logits[1][static_cast<size_t>(c)]) < kTolerance);
        QVERIFY(std::abs(got.logits.at(2, 0) - plain.logits[2][0]) > 1e-3 || std::abs(got.logits.at(2, 1) - plain.logits[2][1]) > 1e-3);
    }

    void loadingTwiceGivesTheSameModel()
    {
        // Weights are copied out of the mapping into tensors each model owns.
        const RandomModel m = makeModel(Spec{}, 31);
        const QString dir = m_dir.filePath(QStringLiteral("twice"));
        saveModel(m, dir);
        const auto a = LanguageModel::load(dir);
        const auto b = LanguageModel::load(dir);
        QCOMPARE(a->forward({1, 2, 3}).logits.data, b->forward({1, 2, 3}).logits.data);
        QCOMPARE(a->parameterCount(), b->parameterCount());
    }

    void contextLengthIsAHardLimit()
    {
        const RandomModel m = makeModel(Spec{}, 41);
        const QString dir = m_dir.filePath(QStringLiteral("ctx"));
        saveModel(m, dir);
        const auto model = LanguageModel::load(dir);
        QVERIFY_THROWS_EXCEPTION(Error, model->forward(std::vector<int>(65, 3)));
        QVERIFY_THROWS_EXCEPTION(Error, model->forward({1, 40}));  // id outside the vocabulary
        auto session = model->startSession(4);
        session->feed({1, 2, 3});
        session->feed({4});
        QVERIFY_THROWS_EXCEPTION(Error, session->feed({5}));
    }

    void badWeightsGiveClearErrors_data()
    {
        QTest::addColumn<QString>("damage");
        QTest::addColumn<QString>("expected");
        QTest::newRow("missing tensor") << "drop" << "missing from the weights: model.layers.1.mlp.up_proj.weight";
        QTest::newRow("wrong shape") << "shape" << "tensor 'model.layers.0.self_attn.k_proj.weight' has shape [4, 16] but config.json implies [8, 16]";
        QTest::newRow("config disagrees") << "config" << "config.json implies";
        QTest::newRow("truncated file") << "truncate" << "truncated";
        QTest::newRow("unsupported architecture") << "arch" << "model_type \"gpt_neox\" is not supported yet";
        QTest::newRow("integer weights") << "int" << "is I32; expected a floating-point type";
        // Config values are checked, in 64-bit arithmetic, before anything is sized from them.
        QTest::newRow("a billion layers") << R"({"num_hidden_layers": 1e9})"
                                          << "\"num_hidden_layers\" is 1000000000; it must be from 1 to 4096";
        QTest::newRow("more layers than the weights") << R"({"num_hidden_layers": 4000})" << "tensor(s) missing from the weights";
        QTest::newRow("a billion positions") << R"({"max_position_embeddings": 1e9})"
                                             << "\"max_position_embeddings\" is 1000000000; it must be from 1 to 16777216";
        QTest::newRow("head_dim 2^30") << R"({"head_dim": 1073741824})" << "\"head_dim\" is 1073741824";
        QTest::newRow("rope_theta 0") << R"({"rope_theta": 0})" << "\"rope_theta\" is 0; it must be above 0";
        QTest::newRow("rope_theta negative") << R"({"rope_theta": -5})" << "\"rope_theta\" is -5; it must be above 0";
        QTest::newRow("rms_norm_eps as text") << R"({"rms_norm_eps": "1e-6"})" << "\"rms_norm_eps\" must be a number, not the string \"1e-6\"";
        QTest::newRow("eos_token_id as text") << R"({"eos_token_id": "2"})" << "\"eos_token_id\": the id must be a number, not a string";
        QTest::newRow("eos_token_id past the vocabulary") << R"({"eos_token_id": [2, 40]})" << "id 40 is outside the vocabulary; ids must be 0 … 39";
        QTest::newRow("fractional layers") << R"({"num_hidden_layers": 2.5})" << "\"num_hidden_layers\" must be an integer, not 2.5";
        QTest::newRow("tie_word_embeddings as text") << R"({"tie_word_embeddings": "yes"})" << "\"tie_word_embeddings\" must be true or false";
    }

    void badWeightsGiveClearErrors()
    {
        QFETCH(QString, damage);
        QFETCH(QString, expected);
        RandomModel m = makeModel(Spec{}, 51);
        const QString dir = m_dir.filePath(QStringLiteral("bad-") + damage);
        QJsonObject extra;
        if (damage == QLatin1String("drop"))
            m.w.erase(QStringLiteral("model.layers.1.mlp.up_proj.weight")), m.shapes.erase(QStringLiteral("model.layers.1.mlp.up_proj.weight"));
        if (damage == QLatin1String("shape"))
            m.shapes[QStringLiteral("model.layers.0.self_attn.k_proj.weight")] = {4, 16},
            m.w[QStringLiteral("model.layers.0.self_attn.k_proj.weight")].resize(64);
        if (damage == QLatin1String("config"))
            extra.insert(QStringLiteral("intermediate_size"), 32);
        if (damage == QLatin1String("arch"))
            extra.insert(QStringLiteral("model_type"), QStringLiteral("gpt_neox"));
        if (damage.startsWith(QLatin1Char('{'))) // config keys overridden
            extra = QJsonDocument::fromJson(damage.toUtf8()).object();
        saveModel(m, dir, extra);
        if (damage == QLatin1String("truncate")) {
            QFile f(dir + QStringLiteral("/model.safetensors"));
            f.open(QIODevice::ReadWrite);
            f.resize(f.size() - 100);
        }
        if (damage == QLatin1String("int")) {
            std::vector<std::int32_t> ints(16 * 40, 1);
            std::vector<std::vector<float>> storage;
            std::vector<TensorToWrite> tensors;
            for (const auto& [name, values] : m.w) {
                storage.emplace_back(values.begin(), values.end());
                const bool isEmbed = name == QLatin1String("model.embed_tokens.weight");
                tensors.push_back({name, isEmbed ? DType::I32 : DType::F32, m.shapes.at(name),
                                   isEmbed ? static_cast<const void*>(ints.data()) : storage.back().data()});
            }
            writeSafetensors(dir + QStringLiteral("/model.safetensors"), tensors);
        }
        try {
            LanguageModel::load(dir);
            QFAIL("bad weights were accepted");
        } catch (const Error& e) {
            QVERIFY2(e.message().contains(expected), qPrintable(e.message()));
        }
    }

    // RoPE angles are computed for the positions a pass covers, not tabled for
    // the whole context: a config's context length costs no memory by itself.
    void aLongContextCostsNothingUntilUsed()
    {
        const RandomModel m = makeModel(Spec{}, 71);
        const QString dir = m_dir.filePath(QStringLiteral("long-context"));
        saveModel(m, dir);
        const auto reference = LanguageModel::load(dir);
        saveModel(m, dir, QJsonObject{{QStringLiteral("max_position_embeddings"), 1 << 24}});
        const qint64 before = qint64(residentMemoryBytes());
        const auto model = LanguageModel::load(dir);
        QVERIFY2(qint64(residentMemoryBytes()) - before < (64 << 20), "a 16M-position context allocated a table");
        QCOMPARE(model->config().maxPositions, 1 << 24);
        const std::vector<int> ids = {1, 5, 9, 2};
        QCOMPARE(model->forward(ids).logits.data, reference->forward(ids).logits.data);
    }

    void nanWeightsWarn()
    {
        RandomModel m = makeModel(Spec{}, 61);
        m.w[QStringLiteral("model.layers.0.mlp.gate_proj.weight")][5] = std::nan("");
        const QString dir = m_dir.filePath(QStringLiteral("nan"));
        saveModel(m, dir);
        const auto model = LanguageModel::load(dir);
        QVERIFY2(model->warnings().join(QLatin1Char('\n')).contains(QStringLiteral("'model.layers.0.mlp.gate_proj.weight' contains 1 NaN")),
                 qPrintable(model->warnings().join(QLatin1Char('\n'))));
    }
};

QTEST_GUILESS_MAIN(TestLlama)
#include "tst_llama.moc"
