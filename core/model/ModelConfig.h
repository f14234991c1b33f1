#pragma once
// A language model's hyper-parameters, read from a Hugging Face folder's
// config.json (and generation_config.json for special token ids).
#include <QString>
#include <QStringList>
#include <vector>

namespace sonde {

enum class ModelFamily { Llama, Gpt2, Bert };
enum class Activation { SiLU, GeluTanh, GeluErf, ReLU };

struct ModelConfig {
    QString modelType; // llama, mistral, qwen2, gpt2, bert, roberta
    ModelFamily family = ModelFamily::Llama;
    int vocabSize = 0;
    int hiddenSize = 0;
    int intermediateSize = 0;
    int layers = 0;
    int heads = 0;
    int kvHeads = 0;
    int headDim = 0;
    int maxPositions = 0;
    double rmsNormEps = 1e-6;    // Llama family
    double layerNormEps = 1e-5;  // GPT-2 and BERT families
    Activation activation = Activation::SiLU;
    int typeVocabSize = 0;       // BERT token types
    int positionOffset = 0;      // RoBERTa: positions start after the padding index
    double ropeTheta = 10000.0;
    double ropeLinearFactor = 1.0; // rope_scaling {"type": "linear", "factor": f}
    bool tieWordEmbeddings = false;
    bool qkvBias = false;   // qwen2
    int slidingWindow = 0;  // mistral; 0 = none
    int bosTokenId = -1;
    std::vector<int> eosTokenIds;
    QStringList warnings;

    // Throws sonde::Error naming config.json and the key.
    static ModelConfig fromFolder(const QString& folder);
    static QStringList supportedModelTypes();
    bool isEncoder() const { return family == ModelFamily::Bert; }
};

} // namespace sonde
