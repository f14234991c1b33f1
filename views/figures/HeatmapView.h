#pragma once
// A heatmap figure on screen: hovering a cell shows its value (the only place
// it appears when the cells are too small to write it in), a click selects it.
#include "figures/HeatmapFigure.h"

#include <QWidget>

namespace sonde {

class HeatmapView : public QWidget {
    Q_OBJECT
public:
    explicit HeatmapView(QWidget* parent = nullptr);
    void setFigure(const HeatmapFigure& figure);
    const HeatmapFigure& figure() const { return m_figure; }
    QSize sizeHint() const override { return {460, 340}; }
    QSize minimumSizeHint() const override { return {240, 180}; }

Q_SIGNALS:
    void cellClicked(int row, int column);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;

private:
    HeatmapFigure m_figure;
};

} // namespace sonde
