#pragma once
// The tokenizer interface every model family uses. Text is UTF-8.
#include <QString>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sonde {

class Tokenizer {
public:
    virtual ~Tokenizer() = default;
    virtual QString kind() const = 0;
    virtual int vocabSize() const = 0;
    // Token ids of `text` without the special tokens the model adds around a whole text.
    virtual std::vector<int> encode(const std::string& text) const = 0;
    virtual std::string decode(const std::vector<int>& ids) const = 0; // throws on ids out of range
    virtual std::string idToPiece(int id) const = 0;
    virtual std::optional<int> bosId() const = 0;
    virtual std::optional<int> eosId() const = 0;

    // What the model's tokenizer puts around a single text by default: BOS for
    // Llama, [CLS] … [SEP] for BERT, <s> … </s> for RoBERTa, nothing for GPT-2.
    struct SpecialTemplate {
        std::vector<int> prefix;
        std::vector<int> suffix;
    };
    const SpecialTemplate& specialTemplate() const { return m_template; }
    void setSpecialTemplate(const SpecialTemplate& t) { m_template = t; }
    std::vector<int> encodeWithSpecialTokens(const std::string& text) const;

private:
    SpecialTemplate m_template;
};

// SentencePiece `tokenizer.model`, run in the isolated plugin (sonde_spm_abi.h).
class SentencePieceTokenizer : public Tokenizer {
public:
    // Throws sonde::Error when the plugin or the model cannot be loaded.
    static std::unique_ptr<SentencePieceTokenizer> load(const QString& modelPath);
    ~SentencePieceTokenizer() override;

    QString kind() const override { return QStringLiteral("SentencePiece"); }
    int vocabSize() const override;
    std::vector<int> encode(const std::string& text) const override;
    std::string decode(const std::vector<int>& ids) const override;
    std::string idToPiece(int id) const override;
    std::optional<int> bosId() const override;
    std::optional<int> eosId() const override;
    bool isByte(int id) const;
    bool isControl(int id) const;

private:
    struct Impl;
    explicit SentencePieceTokenizer(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> d;
};

// Where the plugin was loaded from, or the error explaining why it was not.
QString sentencePiecePluginStatus();

} // namespace sonde
