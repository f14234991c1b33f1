#pragma once
// A sentence as arcs: the words in a row, gold dependencies above (labelled),
// the chosen head's predictions below, green where they match the gold head
// and red where they do not.
#include <QStringList>
#include <QWidget>
#include <vector>

namespace sonde {

class SentenceArcs : public QWidget {
    Q_OBJECT
public:
    explicit SentenceArcs(QWidget* parent = nullptr);
    void setSentence(const QStringList& words, const std::vector<int>& gold, const QStringList& relations, const std::vector<int>& predicted);
    QSize sizeHint() const override { return {900, 260}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QStringList m_words, m_relations;
    std::vector<int> m_gold, m_predicted;
};

} // namespace sonde
