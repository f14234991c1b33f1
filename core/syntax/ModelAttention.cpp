// The attention source a real model provides: its tokenizer splits the words
// (step 1 of the convention) and a forward pass captures every layer's attention.
#include "syntax/ModelAttention.h"

#include "model/LanguageModel.h"
#include "model/ModelStore.h"
#include "syntax/SyntaxEngine.h"
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

// The syntax workspace's engine: models from the store (shared with every other
// job), tokenizers and treebanks read per request.
class ModelSyntaxEngine : public SyntaxEngine {
public:
    explicit ModelSyntaxEngine(ModelStore& models) : m_models(models) {}

    SyntaxScores score(const SyntaxRequest& r, const ScoringOptions& options, const JobContext* context) const override
    {
        if (context)
            context->setProgress(0.0, QStringLiteral("Loading the model"));
        const Inputs in(m_models, r);
        return scoreTreebank(*in.source(), in.treebank, options, context);
    }

    HeadReport head(const SyntaxRequest& r, int layer, int head, const QString& direction, const QString& relation,
                    const JobContext* context) const override
    {
        const Inputs in(m_models, r);
        return headReport(*in.source(), in.treebank, layer, head, direction, relation, r.data.maxSentences, context);
    }

    SentenceView sentence(const SyntaxRequest& r, int index, int layer, int head, const QString& direction,
                          const JobContext* context) const override
    {
        const Inputs in(m_models, r);
        if (index < 0 || index >= int(in.treebank.sentences.size()))
            throw Error(QStringLiteral("%1 has no sentence %2").arg(r.data.treebank).arg(index + 1));
        if (context)
            context->checkCancelled();
        return sentenceThroughHead(*in.source(), in.treebank.sentences[size_t(index)], layer, head, direction,
                                   [&](int id) { return QString::fromStdString(in.tokenizer->idToPiece(id)); });
    }

private:
    struct Inputs {
        Treebank treebank;
        std::shared_ptr<const LanguageModel> model;
        std::unique_ptr<Tokenizer> tokenizer;

        Inputs(ModelStore& models, const SyntaxRequest& r)
            : treebank(readConllu(r.data.treebank, r.data.treebankOptions())), model(models.get(r.modelFolder, r.device)),
              tokenizer(loadTokenizer(r.modelFolder))
        {
        }
        std::unique_ptr<AttentionSource> source() const { return modelAttention(*model, *tokenizer); }
    };

    ModelStore& m_models;
};

} // namespace

std::shared_ptr<SyntaxEngine> modelSyntaxEngine(ModelStore& models)
{
    return std::make_shared<ModelSyntaxEngine>(models);
}

} // namespace sonde
