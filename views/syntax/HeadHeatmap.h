#pragma once
// A layers × heads heatmap of accuracies with a colour legend. Hover shows the
// value; a click selects a head. The best head is outlined.
#include <QStringList>
#include <QWidget>
#include <utility>
#include <vector>

namespace sonde {

class HeadHeatmap : public QWidget {
    Q_OBJECT
public:
    explicit HeadHeatmap(QWidget* parent = nullptr);
    // Accuracy: values are fractions in [0, 1] (viridis, 0–100 % legend).
    // Difference: values are differences of fractions, drawn on a diverging
    // scale symmetric about 0 that spans the largest one (in percentage points).
    enum class Scale { Accuracy, Difference };
    void setData(const std::vector<std::vector<double>>& values, const QString& title, int markLayer = -1, int markHead = -1,
                 Scale scale = Scale::Accuracy);
    // Any labelled matrix (e.g. a sentence's attention): row and column names
    // replace the indices, and `outlined` cells (row, column) get a frame.
    void setAxes(const QStringList& rows, const QStringList& columns, const QString& rowTitle, const QString& columnTitle,
                 const std::vector<std::pair<int, int>>& outlined = {});
    QSize sizeHint() const override { return {460, 340}; }
    QSize minimumSizeHint() const override { return {240, 180}; }

    // Viridis-like colour for v in [0, 1].
    static QColor colour(double v);
    // Blue (−range) through white (0) to red (+range).
    static QColor divergingColour(double v, double range);

Q_SIGNALS:
    void headClicked(int layer, int head);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;

private:
    struct Margins {
        int left, bottom;
        bool rotatedColumns;
    };
    Margins margins() const;
    QRectF gridRect() const;
    QColor cellColour(double v) const;
    QString valueText(double v, int decimals) const;
    void drawLegend(QPainter& p, const QRectF& bar) const;
    bool cellAt(const QPointF& p, int* layer, int* head) const;

    std::vector<std::vector<double>> m_values;
    QString m_title;
    Scale m_scale = Scale::Accuracy;
    double m_range = 1.0; // Difference: the legend's half-width
    int m_markLayer = -1, m_markHead = -1;
    int m_selectedLayer = -1, m_selectedHead = -1;
    QStringList m_rowLabels, m_columnLabels;
    QString m_rowTitle = QStringLiteral("layer"), m_columnTitle = QStringLiteral("head");
    std::vector<std::pair<int, int>> m_outlined;
};

} // namespace sonde
