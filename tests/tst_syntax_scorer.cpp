// Attention-vs-syntax scoring on hand-made attention whose right answers are
// worked out by hand (in the comments): a head that looks exactly at each
// word's gold head, one that looks at the previous word, one that is uniform.
#include "Error.h"
#include "jobs/JobContext.h"
#include "model/HostTensor.h"
#include "syntax/SyntaxScorer.h"

#include <QJsonDocument>
#include <QtTest>

using namespace sonde;

namespace {

// She eats green apples / Dogs bark loudly / Run fast / a 10-word sentence.
const QByteArray kTreebank =
    "1\tShe\t_\t_\t_\t_\t2\tnsubj\t_\t_\n2\teats\t_\t_\t_\t_\t0\troot\t_\t_\n"
    "3\tgreen\t_\t_\t_\t_\t4\tamod\t_\t_\n4\tapples\t_\t_\t_\t_\t2\tobj\t_\t_\n\n"
    "1\tDogs\t_\t_\t_\t_\t2\tnsubj\t_\t_\n2\tbark\t_\t_\t_\t_\t0\troot\t_\t_\n3\tloudly\t_\t_\t_\t_\t2\tadvmod:x\t_\t_\n\n"
    "1\tRun\t_\t_\t_\t_\t0\troot\t_\t_\n2\tfast\t_\t_\t_\t_\t1\tadvmod\t_\t_\n\n"
    "1\ta\t_\t_\t_\t_\t0\troot\t_\t_\n2\tb\t_\t_\t_\t_\t1\tdep\t_\t_\n3\tc\t_\t_\t_\t_\t1\tdep\t_\t_\n"
    "4\td\t_\t_\t_\t_\t1\tdep\t_\t_\n5\te\t_\t_\t_\t_\t1\tdep\t_\t_\n6\tf\t_\t_\t_\t_\t1\tdep\t_\t_\n"
    "7\tg\t_\t_\t_\t_\t1\tdep\t_\t_\n8\th\t_\t_\t_\t_\t1\tdep\t_\t_\n9\ti\t_\t_\t_\t_\t1\tdep\t_\t_\n10\tj\t_\t_\t_\t_\t1\tdep\t_\t_\n";

class HandMadeAttention : public AttentionSource {
public:
    explicit HandMadeAttention(const Treebank& tb)
    {
        for (const auto& s : tb.sentences) {
            std::vector<int> heads;
            for (const auto& w : s.words)
                heads.push_back(w.head);
            m_gold.insert(s.forms().join(QLatin1Char(' ')), heads);
        }
    }
    QString name() const override { return QStringLiteral("hand-made"); }
    int layers() const override { return 1; }
    int heads() const override { return 3; }
    int contextLength() const override { return 8; }
    WordTokens tokenize(const QStringList& words) const override
    {
        WordTokens t{{0}, {-1}}; // a BOS-like special token first
        for (int i = 0; i < words.size(); ++i) {
            t.ids.push_back(i + 1);
            t.tokenWord.push_back(i);
        }
        m_current = words.join(QLatin1Char(' '));
        return t;
    }
    std::vector<HostTensor> attentions(const std::vector<int>& ids, const WordTokens&) const override
    {
        const int T = int(ids.size());
        const std::vector<int> gold = m_gold.value(m_current);
        HostTensor a{{3, T, T}, std::vector<float>(size_t(3 * T * T), 0.0f)};
        auto at = [&](int h, int i, int j) -> float& { return a.data[size_t((h * T + i) * T + j)]; };
        for (int i = 0; i < T; ++i) {
            at(0, i, i == 0 ? 0 : gold[size_t(i - 1)]) = 1.0f; // token of the gold head (root → BOS)
            at(1, i, std::max(0, i - 1)) = 1.0f;                 // previous token
            for (int j = 0; j < T; ++j)
                at(2, i, j) = 1.0f / T;
        }
        return {a};
    }

private:
    QMap<QString, std::vector<int>> m_gold;
    mutable QString m_current;
};

constexpr double kEps = 1e-12;

} // namespace

class TestSyntaxScorer : public QObject {
    Q_OBJECT
    Treebank m_tb = parseConllu(kTreebank, QStringLiteral("mini.conllu"));

private Q_SLOTS:
    void scoresHandMadeHeads()
    {
        const HandMadeAttention source(m_tb);
        const SyntaxScores s = scoreTreebank(source, m_tb);
        // The 10-word sentence needs 11 tokens > context 8: skipped and counted.
        QCOMPARE(s.sentencesUsed, 3);
        QCOMPARE(s.sentencesSkipped.value(QStringLiteral("longer than the model's context")), 1);
        QCOMPARE(s.words, 9);
        const RelationScores& all = s.relations[QStringLiteral("all")];
        QCOMPARE(all.count, 6); // non-root words; roots are excluded everywhere
        QCOMPARE(s.relations[QStringLiteral("advmod")].count, 2); // "advmod:x" collapsed

        // Head 0 looks at the gold head: perfect dep2head everywhere.
        for (const auto& rel : s.relations)
            QCOMPARE(rel.dep2head[0][0], 1.0);
        QCOMPARE(all.bestLayer, 0);
        QCOMPARE(all.bestHead, 0);
        QCOMPARE(all.bestDirection, QStringLiteral("dep2head"));
        // head2dep for head 0: only "fast" (head = word 1, the lowest index of an all-zero column) is right.
        QVERIFY(std::abs(all.head2dep[0][0] - 1.0 / 6) < kEps);
        // Head 1 looks at the previous word: right for loudly and fast (gold offset -1).
        QVERIFY(std::abs(all.dep2head[0][1] - 2.0 / 6) < kEps);
        QCOMPARE(s.relations[QStringLiteral("advmod")].dep2head[0][1], 1.0);
        QCOMPARE(s.relations[QStringLiteral("nsubj")].dep2head[0][1], 0.0);
        // Uniform head: ties go to the lowest index: word 1 → 2, every other word → 1.
        QVERIFY(std::abs(all.dep2head[0][2] - 3.0 / 6) < kEps);

        // Offsets over all words: +1 is right for She, green, Dogs (3/6); -1 for loudly, fast.
        QCOMPARE(all.baselineOffset, 1);
        QVERIFY(std::abs(all.baselineAccuracy - 0.5) < kEps);
        QCOMPARE(all.frequentOffset, 1);
        QCOMPARE(s.relations[QStringLiteral("advmod")].baselineOffset, -1);
        QCOMPARE(s.relations[QStringLiteral("obj")].baselineOffset, -2);

        // Trees: the gold-looking head decodes the gold tree; branching baselines by hand.
        QCOMPARE(s.uas[0][0], 1.0);
        QCOMPARE(s.uuas[0][0], 1.0);
        QVERIFY(std::abs(s.rightBranchingUas - 3.0 / 6) < kEps);
        QVERIFY(std::abs(s.leftBranchingUas - 2.0 / 6) < kEps);

        // Intervals: a perfect head's is [1, 1]; it lies above the +1 baseline's (at most 2/3 per resample).
        QCOMPARE(all.bestInterval.low, 1.0);
        QCOMPARE(all.bestInterval.high, 1.0);
        QVERIFY(all.baselineInterval.high <= 2.0 / 3 + kEps);
        QVERIFY(all.baselineInterval.low <= all.baselineAccuracy && all.baselineAccuracy <= all.baselineInterval.high);
        QVERIFY(all.aboveBaseline);
        // advmod: the baseline is perfect too, so the head is not above it.
        QVERIFY(!s.relations[QStringLiteral("advmod")].aboveBaseline);
    }

    void isReproducibleAndExports()
    {
        const HandMadeAttention source(m_tb);
        const SyntaxScores a = scoreTreebank(source, m_tb), b = scoreTreebank(source, m_tb);
        QCOMPARE(QJsonDocument(a.toJson()).toJson(), QJsonDocument(b.toJson()).toJson());
        const QJsonObject json = a.toJson();
        QCOMPARE(json.value(QStringLiteral("relations")).toObject().keys(),
                 (QStringList{QStringLiteral("advmod"), QStringLiteral("all"), QStringLiteral("amod"), QStringLiteral("nsubj"), QStringLiteral("obj")}));
        QCOMPARE(json.value(QStringLiteral("mst")).toObject().value(QStringLiteral("uas")).toArray().at(0).toArray().size(), 3);
        const QString csv = a.toCsv();
        QCOMPARE(csv.count(QLatin1Char('\n')), 1 + 5 * 2 * 3); // header + relations × directions × heads
        QVERIFY(csv.contains(QStringLiteral("all,0,0,dep2head,1.000000,6")));
        const QString latex = a.toLatex();
        QVERIFY(latex.contains(QStringLiteral("\\begin{tabular}")));
        QVERIFY(latex.contains(QStringLiteral("all & 6 & 0-0 (dep2head) & 100.0 [100.0, 100.0]$^*$")));
    }

    void listsWhereAHeadIsRightAndWrong()
    {
        const HandMadeAttention source(m_tb);
        // The previous-word head on advmod: right in both sentences that have one.
        const auto advmod = headBySentence(source, m_tb, 0, 1, QStringLiteral("dep2head"), QStringLiteral("advmod"));
        QCOMPARE(advmod.size(), size_t(2));
        QCOMPARE(advmod[0].sentence, 1);
        QCOMPARE(advmod[0].correct, 1);
        QCOMPARE(advmod[1].sentence, 2);
        // On nsubj it is always wrong, and says what it picked instead.
        const auto nsubj = headBySentence(source, m_tb, 0, 1, QStringLiteral("dep2head"), QStringLiteral("nsubj"));
        QCOMPARE(nsubj.size(), size_t(2));
        QCOMPARE(nsubj[0].correct, 0);
        QCOMPARE(nsubj[0].misses.size(), size_t(1)); // She → She (gold: eats)
        QCOMPARE(nsubj[0].misses[0].word, 0);
        QCOMPARE(nsubj[0].misses[0].predicted, 0);
        QCOMPARE(nsubj[0].misses[0].gold, 1);
        QCOMPARE(nsubj[0].forms, (QStringList{QStringLiteral("She"), QStringLiteral("eats"), QStringLiteral("green"), QStringLiteral("apples")}));
        // Totals agree with the table: 2 of 6 words overall.
        int correct = 0, words = 0;
        for (const auto& h : headBySentence(source, m_tb, 0, 1, QStringLiteral("dep2head"), QStringLiteral("all"))) {
            correct += h.correct;
            words += h.words;
        }
        QCOMPARE(words, 6);
        QCOMPARE(correct, 2);
        QVERIFY_THROWS_EXCEPTION(Error, headBySentence(source, m_tb, 3, 0, QStringLiteral("dep2head"), QStringLiteral("all")));
    }

    void showsOneSentenceThroughAHead()
    {
        const HandMadeAttention source(m_tb);
        const SentenceView v = sentenceThroughHead(source, m_tb.sentences[0], 0, 1, QStringLiteral("dep2head"),
                                                   [](int id) { return QStringLiteral("t%1").arg(id); });
        QCOMPARE(v.words, (QStringList{QStringLiteral("She"), QStringLiteral("eats"), QStringLiteral("green"), QStringLiteral("apples")}));
        QCOMPARE(v.gold, (std::vector<int>{2, 0, 4, 2}));
        QCOMPARE(v.predicted, (std::vector<int>{1, 1, 2, 3})); // previous word (the first word: itself, all ties)
        QCOMPARE(v.attention.size(), size_t(16));
        QCOMPARE(v.attention[1 * 4 + 0], 1.0); // "eats" looks at "She"
        QCOMPARE(v.pieces.size(), qsizetype(5));
        QCOMPARE(v.pieceWord.front(), -1);
        QVERIFY_THROWS_EXCEPTION(Error, sentenceThroughHead(source, m_tb.sentences[3], 0, 0, QStringLiteral("dep2head"),
                                                            [](int) { return QString(); })); // longer than the context
    }

    // A word the tokenizer turns into nothing skips its sentence, with its
    // line, instead of ending the whole run (WordPiece drops a lone U+200B).
    void aWordWithoutTokensSkipsItsSentence()
    {
        struct DropsBark : HandMadeAttention {
            using HandMadeAttention::HandMadeAttention;
            WordTokens tokenize(const QStringList& words) const override
            {
                if (words.contains(QStringLiteral("bark")))
                    throw WordWithoutTokens(QStringLiteral("word 2 (\"bark\") produced no tokens"));
                return HandMadeAttention::tokenize(words);
            }
        };
        const DropsBark source(m_tb);
        const SyntaxScores s = scoreTreebank(source, m_tb, {});
        QCOMPARE(s.sentencesUsed, 2); // "She eats green apples" and "Run fast"
        QCOMPARE(s.sentencesSkipped.value(QStringLiteral("a word has no tokens")), 1);
        QCOMPARE(s.unscored.size(), size_t(2)); // and the 10-word sentence, longer than the context of 8
        QCOMPARE(s.unscored[0].line, 6);        // "Dogs bark loudly" starts on line 6
        QVERIFY(s.unscored[0].reason.contains(QStringLiteral("\"bark\") produced no tokens")));
        QCOMPARE(s.unscored[1].line, 13);
    }

    void limitsSentencesAndCancels()
    {
        const HandMadeAttention source(m_tb);
        ScoringOptions o;
        o.maxSentences = 2;
        QCOMPARE(scoreTreebank(source, m_tb, o).sentencesUsed, 2);
        auto cancelled = std::make_shared<std::atomic_bool>(true);
        const JobContext ctx(cancelled, {});
        QVERIFY_THROWS_EXCEPTION(JobCancelled, scoreTreebank(source, m_tb, {}, &ctx));
    }
};

QTEST_GUILESS_MAIN(TestSyntaxScorer)
#include "tst_syntax_scorer.moc"
