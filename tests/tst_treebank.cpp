// The CoNLL-U reader: multiword tokens and empty nodes skipped, comments kept,
// subtypes collapsed or kept, every kind of bad sentence reported with its line
// and skipped. (The EWT dev set is read in tst_shared_models.)
#include "Error.h"
#include "syntax/Treebank.h"

#include <QtTest>

using namespace sonde;

namespace {

// "I can't go." with the multiword token can't = ca + n't and an empty node.
const QByteArray kGood =
    "# sent_id = s1\n"
    "# text = I can't go.\n"
    "1\tI\tI\tPRON\tPRP\t_\t4\tnsubj\t_\t_\n"
    "2-3\tcan't\t_\t_\t_\t_\t_\t_\t_\t_\n"
    "2\tca\tcan\tAUX\tMD\t_\t4\taux\t_\t_\n"
    "3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_\n"
    "3.1\tx\tx\tX\tX\t_\t_\t_\t4:orphan\t_\n"
    "4\tgo\tgo\tVERB\tVB\t_\t0\troot\t_\t_\n"
    "5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_\n"
    "\n"
    "# sent_id = s2\n"
    "1\tIt\tit\tPRON\tPRP\t_\t3\tnsubj:pass\t_\t_\n"
    "2\twas\tbe\tAUX\tVBD\t_\t3\taux:pass\t_\t_\n"
    "3\tdone\tdo\tVERB\tVBN\t_\t0\troot\t_\t_\n";

QByteArray withSentence(const QByteArray& body)
{
    return kGood + "\n" + body;
}

} // namespace

class TestTreebank : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void readsWordsSkippingMultiwordAndEmptyNodes()
    {
        const Treebank tb = parseConllu(kGood, QStringLiteral("mini.conllu"));
        QCOMPARE(tb.sentences.size(), size_t(2));
        QVERIFY(tb.skipped.empty());
        const TreebankSentence& s = tb.sentences[0];
        QCOMPARE(s.sentId, QStringLiteral("s1"));
        QCOMPARE(s.text, QStringLiteral("I can't go."));
        QCOMPARE(s.firstLine, 1);
        QCOMPARE(s.words.size(), size_t(5));
        QCOMPARE(s.words[1].form, QStringLiteral("ca"));
        QCOMPARE(s.words[3].head, 0);
        QCOMPARE(s.words[0].head, 4);
        QCOMPARE(tb.wordCount(), 8);
    }

    void collapsesSubtypesUnlessAsked()
    {
        const Treebank collapsed = parseConllu(kGood, QStringLiteral("mini.conllu"));
        QCOMPARE(collapsed.sentences[1].words[0].relation, QStringLiteral("nsubj"));
        QCOMPARE(collapsed.sentences[1].words[0].fullRelation, QStringLiteral("nsubj:pass"));
        TreebankOptions keep;
        keep.keepSubtypes = true;
        QCOMPARE(parseConllu(kGood, QStringLiteral("mini.conllu"), keep).sentences[1].words[1].relation, QStringLiteral("aux:pass"));
    }

    void reportsAndSkipsBadSentences_data()
    {
        QTest::addColumn<QByteArray>("sentence");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("reason");
        // kGood spans lines 1-14 and a blank line follows: the bad sentence starts on line 16.
        QTest::newRow("two roots") << QByteArray("1\ta\ta\tX\tX\t_\t0\troot\t_\t_\n2\tb\tb\tX\tX\t_\t0\troot\t_\t_\n") << 16
                                   << QStringLiteral("2 roots (head 0)");
        QTest::newRow("no root") << QByteArray("1\ta\ta\tX\tX\t_\t2\tdep\t_\t_\n2\tb\tb\tX\tX\t_\t1\tdep\t_\t_\n") << 16
                                 << QStringLiteral("0 roots");
        QTest::newRow("cycle") << QByteArray("1\ta\ta\tX\tX\t_\t0\troot\t_\t_\n2\tb\tb\tX\tX\t_\t3\tdep\t_\t_\n3\tc\tc\tX\tX\t_\t2\tdep\t_\t_\n")
                               << 16 << QStringLiteral("cycle");
        QTest::newRow("head out of range") << QByteArray("1\ta\ta\tX\tX\t_\t0\troot\t_\t_\n2\tb\tb\tX\tX\t_\t9\tdep\t_\t_\n") << 16
                                           << QStringLiteral("word 2 has head 9 but the sentence has 2 words");
        QTest::newRow("ids not consecutive") << QByteArray("1\ta\ta\tX\tX\t_\t0\troot\t_\t_\n3\tb\tb\tX\tX\t_\t1\tdep\t_\t_\n") << 16
                                             << QStringLiteral("not consecutive");
        QTest::newRow("self head") << QByteArray("1\ta\ta\tX\tX\t_\t0\troot\t_\t_\n2\tb\tb\tX\tX\t_\t2\tdep\t_\t_\n") << 16
                                   << QStringLiteral("word 2 is its own head");
        QTest::newRow("too few fields") << QByteArray("1\ta\ta\tX\tX\t_\t0\troot\t_\t_\n2\tb\tb\tX\n") << 17
                                        << QStringLiteral("expected 10 tab-separated fields, found 4");
        QTest::newRow("bad head") << QByteArray("1\ta\ta\tX\tX\t_\tzero\troot\t_\t_\n") << 16
                                  << QStringLiteral("HEAD \"zero\" of word 1");
        QTest::newRow("bad id") << QByteArray("x\ta\ta\tX\tX\t_\t0\troot\t_\t_\n") << 16 << QStringLiteral("ID \"x\"");
        QTest::newRow("no relation") << QByteArray("1\ta\ta\tX\tX\t_\t0\t_\t_\t_\n") << 16 << QStringLiteral("word 1 has no DEPREL");
        // Once a whole-run abort naming neither file nor line; now one skipped sentence.
        QTest::newRow("empty form") << QByteArray("1\ta\ta\tX\tX\t_\t0\troot\t_\t_\n2\t\tb\tX\tX\t_\t1\tdep\t_\t_\n") << 17
                                    << QStringLiteral("word 2 has an empty FORM");
        QTest::newRow("whitespace form") << QByteArray("1\t  \ta\tX\tX\t_\t0\troot\t_\t_\n") << 16 << QStringLiteral("word 1 has an empty FORM");
        // Malformed multiword ranges and empty nodes, once accepted silently.
        QTest::newRow("range 1-x") << QByteArray("1-x\tab\t_\t_\t_\t_\t_\t_\t_\t_\n1\ta\ta\tX\tX\t_\t0\troot\t_\t_\n") << 16
                                   << QStringLiteral("ID \"1-x\" is neither");
        QTest::newRow("range 3-1") << QByteArray("1\ta\ta\tX\tX\t_\t0\troot\t_\t_\n2\tb\tb\tX\tX\t_\t1\tdep\t_\t_\n3-1\tc\t_\t_\t_\t_\t_\t_\t_\t_\n3\tc\tc\tX\tX\t_\t1\tdep\t_\t_\n")
                                   << 18 << QStringLiteral("multiword range \"3-1\" must run from a word id to a larger one");
        QTest::newRow("range not at the next word")
            << QByteArray("1\ta\ta\tX\tX\t_\t0\troot\t_\t_\n5-6\tbc\t_\t_\t_\t_\t_\t_\t_\t_\n2\tb\tb\tX\tX\t_\t1\tdep\t_\t_\n") << 17
            << QStringLiteral("must start at the next word, 2");
        QTest::newRow("empty node 1.x") << QByteArray("1\ta\ta\tX\tX\t_\t0\troot\t_\t_\n1.x\tb\t_\t_\t_\t_\t_\t_\t_\t_\n") << 17
                                        << QStringLiteral("ID \"1.x\" is neither");
    }

    void reportsAndSkipsBadSentences()
    {
        QFETCH(QByteArray, sentence);
        QFETCH(int, line);
        QFETCH(QString, reason);
        const Treebank tb = parseConllu(withSentence(sentence + "\n" + kGood), QStringLiteral("bad.conllu"));
        QCOMPARE(tb.sentences.size(), size_t(4)); // the good ones around it survive
        QCOMPARE(tb.skipped.size(), size_t(1));
        QCOMPARE(tb.skipped[0].line, line);
        QVERIFY2(tb.skipped[0].reason.contains(reason), qPrintable(tb.skipped[0].reason));
    }

    // A UTF-8 byte-order mark used to make the first line unreadable and drop the first sentence.
    void aByteOrderMarkIsNotPartOfTheFirstLine()
    {
        const Treebank tb = parseConllu("\xEF\xBB\xBF" + kGood, QStringLiteral("bom.conllu"));
        QCOMPARE(tb.sentences.size(), size_t(2));
        QVERIFY(tb.skipped.empty());
        QCOMPARE(tb.sentences[0].sentId, QStringLiteral("s1"));
        QCOMPARE(tb.sentences[0].firstLine, 1);
    }

    void theShippedMiniTreebankIsValid()
    {
        const Treebank tb = readConllu(QStringLiteral(SONDE_SOURCE_DIR "/resources/treebanks/sonde-mini.conllu"));
        QCOMPARE(tb.sentences.size(), size_t(12));
        QVERIFY(tb.skipped.empty());
        QCOMPARE(tb.sentences.back().sentId, QStringLiteral("mini-12"));
        QCOMPARE(tb.sentences.back().words.size(), size_t(7)); // "don't" counted as do + n't
        QCOMPARE(tb.wordCount(), 98);
    }

    void aFileWithoutValidSentencesIsAnError()
    {
        try {
            parseConllu("1\ta\ta\tX\tX\t_\t5\tdep\t_\t_\n", QStringLiteral("broken.conllu"));
            QFAIL("accepted");
        } catch (const Error& e) {
            QVERIFY2(e.message().contains(QStringLiteral("broken.conllu: no valid sentence (1 rejected; first at line 1")), qPrintable(e.message()));
        }
        QVERIFY_THROWS_EXCEPTION(Error, parseConllu("", QStringLiteral("empty.conllu")));
        QVERIFY_THROWS_EXCEPTION(Error, readConllu(QStringLiteral("/nonexistent.conllu")));
    }

    void survivesArbitraryBytes()
    {
        // Every prefix of a valid file, and some garbage, parse or fail cleanly.
        const QByteArray all = kGood + "\n" + kGood;
        for (int n = 0; n <= all.size(); ++n) {
            try {
                parseConllu(all.left(n), QStringLiteral("prefix"));
            } catch (const Error&) {
            }
        }
        QVERIFY_THROWS_EXCEPTION(Error, parseConllu(QByteArray("\0\t\t\n\t\t\t\t\t\t\t\t\t\n", 15), QStringLiteral("garbage")));
    }
};

QTEST_GUILESS_MAIN(TestTreebank)
#include "tst_treebank.moc"
