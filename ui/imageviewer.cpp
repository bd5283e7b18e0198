#include "imageviewer.h"

#include "imagereading.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QTimer>
#include <QVBoxLayout>
#include <QWheelEvent>

ImageViewer::ImageViewer(const FileRef &file, const QString &path, QWidget *parent)
    : QDialog(parent), m_file(file), m_scroll(new QScrollArea(this)), m_label(new QLabel)
{
    setWindowTitle(file.name); // the title bar shows it as plain text
    setAttribute(Qt::WA_DeleteOnClose);
    m_label->setAlignment(Qt::AlignCenter);
    m_label->setTextFormat(Qt::PlainText);
    m_scroll->setWidget(m_label);
    m_scroll->setAlignment(Qt::AlignCenter);
    m_scroll->setWidgetResizable(false);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton *save = buttons->addButton(tr("Save As…"), QDialogButtonBox::ActionRole);
    save->setObjectName(QStringLiteral("saveButton"));
    connect(save, &QPushButton::clicked, this, [this] { Q_EMIT saveRequested(m_file); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_scroll, 1);
    layout->addWidget(buttons);

    const auto shortcut = [this](const QKeySequence &keys, auto slot) {
        auto *a = new QAction(this);
        a->setShortcut(keys);
        connect(a, &QAction::triggered, this, slot);
        addAction(a);
    };
    shortcut(QKeySequence::ZoomIn, [this] { zoomBy(kZoomStep); });
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_Equal), [this] { zoomBy(kZoomStep); });
    shortcut(QKeySequence::ZoomOut, [this] { zoomBy(1 / kZoomStep); });
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_0), [this] { fitToWindow(); });
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_1), [this] { actualSize(); });

    QString error;
    m_image = ImageReading::decodeFull(path, &error);
    if (m_image.isNull()) {
        m_label->setText(tr("%1 cannot be shown: %2").arg(file.name, error));
        m_label->adjustSize();
        save->setEnabled(!path.isEmpty());
    }
    resize(900, 700);
    fitToWindow();
}

void ImageViewer::showAt(double zoom)
{
    if (m_image.isNull())
        return;
    m_zoom = qBound(kMinZoom, zoom, kMaxZoom);
    const QSize size = (QSizeF(m_image.size()) * m_zoom).toSize().expandedTo(QSize(1, 1));
    m_label->setPixmap(QPixmap::fromImage(m_image.scaled(size, Qt::KeepAspectRatio, Qt::SmoothTransformation)));
    m_label->resize(size);
}

void ImageViewer::zoomBy(double factor)
{
    m_fitting = false;
    showAt(m_zoom * factor);
}

void ImageViewer::actualSize()
{
    m_fitting = false;
    showAt(1.0);
}

void ImageViewer::fitToWindow()
{
    m_fitting = true;
    if (m_image.isNull())
        return;
    const QSize room = m_scroll->viewport()->size() - QSize(4, 4);
    const double fit = std::min(double(room.width()) / m_image.width(), double(room.height()) / m_image.height());
    showAt(std::min(1.0, fit)); // a small image is shown at its size, not blown up
}

void ImageViewer::wheelEvent(QWheelEvent *event)
{
    if (!(event->modifiers() & Qt::ControlModifier) || event->angleDelta().y() == 0)
        return QDialog::wheelEvent(event);
    zoomBy(event->angleDelta().y() > 0 ? kZoomStep : 1 / kZoomStep);
    event->accept();
}

void ImageViewer::resizeEvent(QResizeEvent *event)
{
    QDialog::resizeEvent(event);
    // After the layout has given the scroll area its new size.
    if (m_fitting)
        QTimer::singleShot(0, this, [this] {
            if (m_fitting)
                fitToWindow();
        });
}
