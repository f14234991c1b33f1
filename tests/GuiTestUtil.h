#pragma once
// For the GUI tests: a Prompter that answers in place of a person and keeps
// what the window said, so a test asserts the errors and questions a user
// would have seen instead of a dialog blocking the run.
#include "MainWindow.h"
#include "ModelTestUtil.h"
#include "Prompter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QList>
#include <QStringList>
#include <QTextDocumentFragment>

namespace testutil {

class ScriptedPrompter : public sonde::Prompter {
public:
    QStringList errors;     // "title: message"
    QStringList questions;  // the texts asked
    QList<int> answers;     // given in turn; when none are left, the question is cancelled

    void error(const QString& title, const QString& message) override { errors << title + QStringLiteral(": ") + message; }
    int choose(const QString& title, const QString& text, const QStringList&) override
    {
        questions << title + QStringLiteral(": ") + text;
        return answers.isEmpty() ? -1 : answers.takeFirst();
    }
};

// Installs a ScriptedPrompter on `window` and returns it (owned by the window).
inline ScriptedPrompter* scriptPrompts(sonde::MainWindow& window)
{
    auto prompter = std::make_unique<ScriptedPrompter>();
    ScriptedPrompter* raw = prompter.get();
    window.setPrompter(std::move(prompter));
    return raw;
}

// GPT-2's bytes_to_unicode: the printable character each byte stands for in
// a byte-level vocabulary.
inline QString byteChar(int b)
{
    int shifted = 0;
    for (int c = 0; c < b; ++c)
        shifted += !((c >= '!' && c <= '~') || (c >= 0xA1 && c <= 0xAC) || (c >= 0xAE && c <= 0xFF));
    const bool printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
    return QString(QChar(printable ? b : 256 + shifted));
}

// A tiny GPT-2 whose byte-level tokenizer has one token per byte (no merges):
// every text tokenises, so it scores the built-in treebank in a moment.
inline void writeByteLevelGpt2(const QString& dir)
{
    const modeltest::TinyShape shape{256, 8, 2, 1, 16, 512};
    modeltest::save(modeltest::gpt2Weights(shape, QString(), false, 3), dir, modeltest::gpt2Config(shape));
    QJsonObject vocab;
    for (int b = 0; b < 256; ++b)
        vocab.insert(byteChar(b), b);
    const QJsonObject tokenizer{{QStringLiteral("pre_tokenizer"), QJsonObject{{QStringLiteral("type"), QStringLiteral("ByteLevel")}}},
                                {QStringLiteral("model"), QJsonObject{{QStringLiteral("type"), QStringLiteral("BPE")},
                                                                      {QStringLiteral("vocab"), vocab},
                                                                      {QStringLiteral("merges"), QJsonArray()}}}};
    testutil::writeFile(dir + QStringLiteral("/tokenizer.json"), QJsonDocument(tokenizer).toJson());
}

// What a label under `root` shows, as plain text (labels hold a little HTML).
inline QString labelText(const QWidget* root, const QString& objectName)
{
    const auto* label = root->findChild<QLabel*>(objectName);
    return label ? QTextDocumentFragment::fromHtml(label->text()).toPlainText() : QStringLiteral("(no label %1)").arg(objectName);
}

} // namespace testutil
