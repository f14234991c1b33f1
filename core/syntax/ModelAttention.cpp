// The attention source a real model provides: its tokenizer splits the words
// (step 1 of the convention) and a forward pass captures every layer's attention.
#include "model/LanguageModel.h"
#include "model/ModelCache.h"
#include "syntax/SyntaxScorer.h"
#include "Error.h"
#include "jobs/JobContext.h"
#include "tokenizer/Tokenizer.h"
#include "tokenizer/TokenizerLoader.h"

namespace sonde {

namespace {

class ModelAttention : public AttentionSource {
public:
    ModelAttention(const LanguageModel& model, const Tokenizer& tokenizer) : m_model(model), m_tokenizer(tokenizer) {}
    QString name() const override { return m_model.folder(); }
    int layers() const override { return m_model.config().layers; }
    int heads() const override { return m_model.config().heads; }
    int contextLength() const override { return m_model.config().maxPositions; }
    WordTokens tokenize(const QStringList& words) const override { return tokenizeWords(m_tokenizer, words); }
    std::vector<HostTensor> attentions(const std::vector<int>& ids, const WordTokens&) const override
    {
        CaptureOptions capture;
        capture.attentions = true;
        return m_model.forward(ids, capture).attentions;
    }

private:
    const LanguageModel& m_model;
    const Tokenizer& m_tokenizer;
};

} // namespace

std::unique_ptr<AttentionSource> modelAttention(const LanguageModel& model, const Tokenizer& tokenizer)
{
    return std::make_unique<ModelAttention>(model, tokenizer);
}

namespace {

// What every analysis of a saved treebank run needs: the treebank, the model
// (shared with the other jobs that use it) and its tokenizer.
struct AnalysisInputs {
    Treebank treebank;
    std::shared_ptr<const LanguageModel> model;
    std::unique_ptr<Tokenizer> tokenizer;

    AnalysisInputs(const QString& modelFolder, const QString& treebankPath, const TreebankOptions& options, const QString& device)
        : treebank(readConllu(treebankPath, options)), model(ModelCache::shared().get(modelFolder, device)),
          tokenizer(loadTokenizer(modelFolder))
    {
    }
    std::unique_ptr<AttentionSource> source() const { return modelAttention(*model, *tokenizer); }
};

} // namespace

SyntaxScores analyseTreebank(const QString& modelFolder, const QString& treebankPath, const TreebankOptions& treebankOptions,
                             const ScoringOptions& options, const JobContext* context, const QString& device)
{
    if (context)
        context->setProgress(0.0, QStringLiteral("Loading the model"));
    const AnalysisInputs in(modelFolder, treebankPath, treebankOptions, device);
    return scoreTreebank(*in.source(), in.treebank, options, context);
}

HeadReport analyseHead(const QString& modelFolder, const QString& treebankPath, const TreebankOptions& treebankOptions, int layer,
                       int head, const QString& direction, const QString& relation, int maxSentences, const JobContext* context,
                       const QString& device)
{
    const AnalysisInputs in(modelFolder, treebankPath, treebankOptions, device);
    HeadReport report{layer, head, direction, relation, {}, {}, {}};
    report.sentences = headBySentence(*in.source(), in.treebank, layer, head, direction, relation, maxSentences, context);
    for (const HeadSentence& h : report.sentences) {
        const TreebankSentence& s = in.treebank.sentences[size_t(h.sentence)];
        report.texts << (s.text.isEmpty() ? s.forms().join(QLatin1Char(' ')) : s.text);
        report.ids << (s.sentId.isEmpty() ? QStringLiteral("sentence %1").arg(h.sentence + 1) : s.sentId);
    }
    return report;
}

SentenceView analyseSentence(const QString& modelFolder, const QString& treebankPath, const TreebankOptions& treebankOptions,
                             int sentence, int layer, int head, const QString& direction, const JobContext* context,
                             const QString& device)
{
    const AnalysisInputs in(modelFolder, treebankPath, treebankOptions, device);
    if (sentence < 0 || sentence >= int(in.treebank.sentences.size()))
        throw Error(QStringLiteral("%1 has no sentence %2").arg(treebankPath).arg(sentence + 1));
    if (context)
        context->checkCancelled();
    return sentenceThroughHead(*in.source(), in.treebank.sentences[size_t(sentence)], layer, head, direction,
                               [&](int id) { return QString::fromStdString(in.tokenizer->idToPiece(id)); });
}

} // namespace sonde
