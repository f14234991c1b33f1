// GPT-2 and BERT/RoBERTa forward passes against plain-loop double-precision
// references written here from the Hugging Face modeling code's equations, on
// random-weight models saved in HF's key layout (with and without the
// "transformer." / "bert." / "roberta." prefixes real checkpoints use).
#include "Error.h"
#include "ModelTestUtil.h"
#include "model/LanguageModel.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace sonde;
using namespace modeltest;

namespace {

constexpr double kTolerance = 1e-4;
constexpr int V = 50, D = 16, H = 4, L = 2, I = 32, P = 40;
constexpr TinyShape kShape{V, D, H, L, I, P};

std::vector<double> conv(const Matrix& w, const std::vector<double>& x, const std::vector<double>& b)
{
    std::vector<double> y(b);
    for (size_t i = 0; i < x.size(); ++i)
        for (size_t j = 0; j < y.size(); ++j)
            y[j] += x[i] * w[i][j];
    return y;
}

Matrix columns(const Matrix& rows, size_t begin, size_t width)
{
    Matrix out;
    for (const auto& r : rows)
        out.emplace_back(r.begin() + long(begin), r.begin() + long(begin + width));
    return out;
}

// Runs every head over the column slices of q/k/v (offsets in units of the
// head width) and returns the concatenated context; probabilities go to `heads`.
Matrix multiHead(const Matrix& q, size_t qAt, const Matrix& k, size_t kAt, const Matrix& v, size_t vAt, bool causal,
                 std::vector<Matrix>& heads)
{
    const size_t T = q.size(), hd = D / H;
    Matrix context(T, std::vector<double>(size_t(D), 0.0));
    for (size_t h = 0; h < size_t(H); ++h) {
        Matrix probs, ctx;
        attentionHead(columns(q, qAt + h * hd, hd), columns(k, kAt + h * hd, hd), columns(v, vAt + h * hd, hd), causal, probs, ctx);
        heads.push_back(probs);
        for (size_t t = 0; t < T; ++t)
            for (size_t c = 0; c < hd; ++c)
                context[t][h * hd + c] = ctx[t][c];
    }
    return context;
}

struct Outputs {
    Matrix logits;
    std::vector<Matrix> attentions; // per layer, heads stacked
    std::vector<Matrix> hidden, mlpIn, mlpOut;
};

// ---- GPT-2 ----

Outputs gpt2Reference(const RandomWeights& m, const QString& prefix, const std::vector<int>& ids)
{
    const int T = int(ids.size());
    auto W = [&](const QString& n) { return m.mat(prefix + n); };
    auto B = [&](const QString& n) { return m.w.at(prefix + n); };
    Outputs o;
    const Matrix wte = W(QStringLiteral("wte.weight")), wpe = W(QStringLiteral("wpe.weight"));
    Matrix x;
    for (int t = 0; t < T; ++t) {
        std::vector<double> row(static_cast<size_t>(D));
        for (int c = 0; c < D; ++c)
            row[size_t(c)] = wte[size_t(ids[size_t(t)])][size_t(c)] + wpe[size_t(t)][size_t(c)];
        x.push_back(row);
    }
    for (int l = 0; l < L; ++l) {
        const QString b = QStringLiteral("h.%1.").arg(l);
        o.hidden.push_back(x);
        Matrix qkv;
        for (const auto& row : x)
            qkv.push_back(conv(W(b + QStringLiteral("attn.c_attn.weight")),
                               layerNorm(row, B(b + QStringLiteral("ln_1.weight")), B(b + QStringLiteral("ln_1.bias")), 1e-5),
                               B(b + QStringLiteral("attn.c_attn.bias"))));
        std::vector<Matrix> heads;
        const Matrix context = multiHead(qkv, 0, qkv, size_t(D), qkv, size_t(2 * D), true, heads);
        o.attentions.push_back(flatten(heads));
        Matrix in, out;
        for (int t = 0; t < T; ++t) {
            const auto a = conv(W(b + QStringLiteral("attn.c_proj.weight")), context[size_t(t)], B(b + QStringLiteral("attn.c_proj.bias")));
            for (int c = 0; c < D; ++c)
                x[size_t(t)][size_t(c)] += a[size_t(c)];
            auto f = conv(W(b + QStringLiteral("mlp.c_fc.weight")),
                          layerNorm(x[size_t(t)], B(b + QStringLiteral("ln_2.weight")), B(b + QStringLiteral("ln_2.bias")), 1e-5),
                          B(b + QStringLiteral("mlp.c_fc.bias")));
            for (double& v : f)
                v = geluTanh(v);
            const auto y = conv(W(b + QStringLiteral("mlp.c_proj.weight")), f, B(b + QStringLiteral("mlp.c_proj.bias")));
            in.push_back(f);
            out.push_back(y);
            for (int c = 0; c < D; ++c)
                x[size_t(t)][size_t(c)] += y[size_t(c)];
        }
        o.mlpIn.push_back(in);
        o.mlpOut.push_back(out);
    }
    Matrix normed;
    for (const auto& row : x) {
        normed.push_back(layerNorm(row, B(QStringLiteral("ln_f.weight")), B(QStringLiteral("ln_f.bias")), 1e-5));
        o.logits.push_back(linear(wte, normed.back()));
    }
    o.hidden.push_back(normed);
    return o;
}

// ---- BERT / RoBERTa ----

Outputs bertReference(const RandomWeights& m, bool roberta, const QString& prefix, bool withHead, const std::vector<int>& ids)
{
    const int T = int(ids.size()), offset = roberta ? 2 : 0;
    const double eps = 1e-12;
    auto W = [&](const QString& n) { return m.mat(prefix + n); };
    auto B = [&](const QString& n) { return m.w.at(prefix + n); };
    Outputs o;
    const Matrix word = W(QStringLiteral("embeddings.word_embeddings.weight"));
    const Matrix pos = W(QStringLiteral("embeddings.position_embeddings.weight"));
    const Matrix type = W(QStringLiteral("embeddings.token_type_embeddings.weight"));
    Matrix x;
    for (int t = 0; t < T; ++t) {
        std::vector<double> row(static_cast<size_t>(D));
        for (int c = 0; c < D; ++c)
            row[size_t(c)] = word[size_t(ids[size_t(t)])][size_t(c)] + pos[size_t(offset + t)][size_t(c)] + type[0][size_t(c)];
        x.push_back(layerNorm(row, B(QStringLiteral("embeddings.LayerNorm.weight")), B(QStringLiteral("embeddings.LayerNorm.bias")), eps));
    }
    o.hidden.push_back(x);
    for (int l = 0; l < L; ++l) {
        const QString b = QStringLiteral("encoder.layer.%1.").arg(l);
        auto lin = [&](const char* n, const std::vector<double>& v) {
            const auto wn = b + QLatin1String(n);
            return linear(W(wn + QStringLiteral(".weight")), v, &m.w.at(prefix + wn + QStringLiteral(".bias")));
        };
        Matrix q, k, v;
        for (const auto& row : x) {
            q.push_back(lin("attention.self.query", row));
            k.push_back(lin("attention.self.key", row));
            v.push_back(lin("attention.self.value", row));
        }
        std::vector<Matrix> heads;
        const Matrix context = multiHead(q, 0, k, 0, v, 0, false, heads);
        o.attentions.push_back(flatten(heads));
        Matrix in, out;
        for (int t = 0; t < T; ++t) {
            auto a = lin("attention.output.dense", context[size_t(t)]);
            for (int c = 0; c < D; ++c)
                a[size_t(c)] += x[size_t(t)][size_t(c)];
            x[size_t(t)] = layerNorm(a, B(b + QStringLiteral("attention.output.LayerNorm.weight")),
                                     B(b + QStringLiteral("attention.output.LayerNorm.bias")), eps);
            auto f = lin("intermediate.dense", x[size_t(t)]);
            for (double& e : f)
                e = geluErf(e);
            const auto y = lin("output.dense", f);
            in.push_back(f);
            out.push_back(y);
            std::vector<double> r(static_cast<size_t>(D));
            for (int c = 0; c < D; ++c)
                r[size_t(c)] = x[size_t(t)][size_t(c)] + y[size_t(c)];
            x[size_t(t)] = layerNorm(r, B(b + QStringLiteral("output.LayerNorm.weight")), B(b + QStringLiteral("output.LayerNorm.bias")), eps);
        }
        o.mlpIn.push_back(in);
        o.mlpOut.push_back(out);
        o.hidden.push_back(x);
    }
    if (withHead) {
        const QString h = roberta ? QStringLiteral("lm_head.") : QStringLiteral("cls.predictions.");
        const QString dense = roberta ? QStringLiteral("dense") : QStringLiteral("transform.dense");
        const QString ln = roberta ? QStringLiteral("layer_norm") : QStringLiteral("transform.LayerNorm");
        const std::vector<double> headBias = m.w.at(h + dense + QStringLiteral(".bias"));
        const std::vector<double> vocabBias = m.w.at(h + QStringLiteral("bias"));
        for (const auto& row : x) {
            auto t = linear(m.mat(h + dense + QStringLiteral(".weight")), row, &headBias);
            for (double& e : t)
                e = geluErf(e);
            t = layerNorm(t, m.w.at(h + ln + QStringLiteral(".weight")), m.w.at(h + ln + QStringLiteral(".bias")), eps);
            o.logits.push_back(linear(word, t, &vocabBias));
        }
    }
    return o;
}

void compare(const ForwardResult& got, const Outputs& want)
{
    if (want.logits.empty())
        QVERIFY(got.logits.data.empty());
    else
        QVERIFY2(maxDiff(got.logits, want.logits) < kTolerance, qPrintable(QString::number(maxDiff(got.logits, want.logits))));
    QCOMPARE(got.attentions.size(), want.attentions.size());
    for (size_t l = 0; l < want.attentions.size(); ++l) {
        QVERIFY2(maxDiff(got.attentions[l], want.attentions[l]) < kTolerance, qPrintable(QStringLiteral("attention %1").arg(l)));
        QVERIFY(maxDiff(got.mlpInputs[l], want.mlpIn[l]) < kTolerance);
        QVERIFY(maxDiff(got.mlpOutputs[l], want.mlpOut[l]) < kTolerance);
    }
    QCOMPARE(got.hiddenStates.size(), want.hidden.size());
    for (size_t i = 0; i < want.hidden.size(); ++i)
        QVERIFY2(maxDiff(got.hiddenStates[i], want.hidden[i]) < kTolerance, qPrintable(QStringLiteral("hidden %1").arg(i)));
}

CaptureOptions everything()
{
    CaptureOptions c;
    c.attentions = c.hiddenStates = c.mlpIO = true;
    return c;
}

const std::vector<int> kIds = {3, 17, 0, 49, 8, 17, 22, 5};

} // namespace

class TestGpt2Bert : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

private Q_SLOTS:
    void gpt2MatchesTheReference_data()
    {
        QTest::addColumn<QString>("prefix");
        QTest::addColumn<bool>("storedHead");
        QTest::newRow("gpt2 layout") << QString() << false;
        QTest::newRow("DialoGPT layout") << QStringLiteral("transformer.") << true;
    }

    void gpt2MatchesTheReference()
    {
        QFETCH(QString, prefix);
        QFETCH(bool, storedHead);
        const RandomWeights m = gpt2Weights(kShape, prefix, storedHead, 7);
        const QString dir = m_dir.filePath(QStringLiteral("gpt2-") + QString::number(storedHead));
        save(m, dir, gpt2Config(kShape));
        const auto model = LanguageModel::load(dir);
        QVERIFY2(model->warnings().isEmpty(), qPrintable(model->warnings().join(QLatin1Char('\n'))));
        compare(model->forward(kIds, everything()), gpt2Reference(m, prefix, kIds));

        // KV-cache decoding reproduces the full pass's last logits.
        auto session = model->startSession(20);
        session->feed({kIds.begin(), kIds.begin() + 3});
        std::vector<float> last;
        for (size_t i = 3; i < kIds.size(); ++i)
            last = session->feed({kIds[i]});
        QVERIFY(maxDiff(HostTensor{{V}, last}, {gpt2Reference(m, prefix, kIds).logits.back()}) < kTolerance);
    }

    void bertMatchesTheReference_data()
    {
        QTest::addColumn<bool>("roberta");
        QTest::addColumn<QString>("prefix");
        QTest::addColumn<bool>("head");
        QTest::newRow("BertForMaskedLM") << false << QStringLiteral("bert.") << true;
        QTest::newRow("BertModel (no head)") << false << QString() << false;
        QTest::newRow("RobertaForMaskedLM") << true << QStringLiteral("roberta.") << true;
    }

    void bertMatchesTheReference()
    {
        QFETCH(bool, roberta);
        QFETCH(QString, prefix);
        QFETCH(bool, head);
        const RandomWeights m = bertWeights(kShape, roberta, prefix, head, 9);
        const QString dir = m_dir.filePath(QStringLiteral("bert-%1-%2").arg(roberta).arg(head));
        save(m, dir, bertConfig(kShape, roberta));
        const auto model = LanguageModel::load(dir);
        compare(model->forward(kIds, everything()), bertReference(m, roberta, prefix, head, kIds));
        QCOMPARE(model->config().maxPositions, P); // RoBERTa's two offset positions are not usable context
        if (!head)
            QVERIFY(model->warnings().join(QLatin1Char(' ')).contains(QStringLiteral("no masked-LM head")));
        QVERIFY_THROWS_EXCEPTION(Error, model->startSession(8)); // encoders do not generate
    }

    void gpt2MlpHookChangesOnlyLaterPositions()
    {
        const RandomWeights m = gpt2Weights(kShape, QString(), false, 3);
        const QString dir = m_dir.filePath(QStringLiteral("gpt2-hook"));
        save(m, dir, gpt2Config(kShape));
        const auto model = LanguageModel::load(dir);
        MlpAddHook hook;
        hook.layer = 0;
        // Not constant: LayerNorm removes a constant shift exactly.
        for (int c = 0; c < D; ++c)
            hook.vector.push_back(c % 2 ? 0.5f : -0.5f);
        hook.positions = {5};
        const auto plain = model->forward(kIds);
        const auto hooked = model->forward(kIds, {}, {hook});
        // Causal: rows before the hooked position are unchanged, the hooked row changes.
        for (int t = 0; t < 5; ++t)
            for (int v = 0; v < V; ++v)
                QCOMPARE(hooked.logits.at(t, v), plain.logits.at(t, v));
        double change = 0;
        for (int v = 0; v < V; ++v)
            change += std::abs(hooked.logits.at(5, v) - plain.logits.at(5, v));
        QVERIFY(change > 1e-3);
    }
};

QTEST_GUILESS_MAIN(TestGpt2Bert)
#include "tst_gpt2_bert.moc"
