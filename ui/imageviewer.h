#pragma once
// ImageViewer: one image of a message, whole, in a window of its own -- zoom in and out (Ctrl++,
// Ctrl+-, the wheel with Ctrl), fit to the window (Ctrl+0), actual size (Ctrl+1), and Save As.
// The image is decoded under the bounds of ImageReading (ImageReading::decodeFull()).
#include "fileref.h"

#include <QDialog>
#include <QImage>

class QLabel;
class QScrollArea;

class ImageViewer : public QDialog
{
    Q_OBJECT
public:
    //! Shows the image at \a path (the verified copy of \a file) or says why it cannot.
    ImageViewer(const FileRef &file, const QString &path, QWidget *parent = nullptr);

    //! Steps of the zoom: each is this factor.
    static constexpr double kZoomStep = 1.25;
    static constexpr double kMinZoom = 0.05;
    static constexpr double kMaxZoom = 16.0;

    double zoom() const { return m_zoom; }
    bool hasImage() const { return !m_image.isNull(); }
    void zoomBy(double factor);
    void fitToWindow();
    void actualSize();

Q_SIGNALS:
    void saveRequested(const FileRef &file);

protected:
    void wheelEvent(QWheelEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void showAt(double zoom);

    FileRef m_file;
    QImage m_image;
    QScrollArea *m_scroll;
    QLabel *m_label;
    double m_zoom = 1.0;
    bool m_fitting = true; //!< follows the window's size until the user zooms
};
