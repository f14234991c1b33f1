#pragma once
// Any figure on screen, drawn at the widget's size.
#include "figures/Figure.h"

#include <QWidget>
#include <memory>

namespace sonde {

class FigureView : public QWidget {
    Q_OBJECT
public:
    explicit FigureView(QWidget* parent = nullptr);
    void setFigure(std::shared_ptr<const Figure> figure);
    const Figure* figure() const { return m_figure.get(); }
    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    std::shared_ptr<const Figure> m_figure;
};

} // namespace sonde
