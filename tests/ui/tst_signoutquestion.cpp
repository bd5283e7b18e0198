// Tests ui/signoutquestion.cpp: the question's words for each kind, and that only Yes signs out
// (No and Escape keep the sign-in), answered on the real modal box (table).
#include "signoutquestion.h"
#include "testmain.h"

#include <QAbstractButton>
#include <QApplication>
#include <QMessageBox>
#include <QTest>
#include <QTimer>

using Kind = SignOutQuestion::Kind;

Q_DECLARE_METATYPE(SignOutQuestion::Kind)

namespace {
//! How the user answers the box: a button, or the Escape key.
enum class Answer { Yes, No, Escape };
} // namespace

Q_DECLARE_METATYPE(Answer)

class tst_SignOutQuestion : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void ask_data();
    void ask();
};

void tst_SignOutQuestion::ask_data()
{
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<Answer>("answer");
    QTest::addColumn<QString>("title");
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("signOut");
    const QString menuTitle = QStringLiteral("Sign Out");
    const QString menuText = QStringLiteral("Sign out of ws://chat.example:8787 on this computer? Parley forgets "
                                            "your sign-in here; you will need your password to sign in again.");
    const QString deviceTitle = QStringLiteral("Sign Out This Device");
    const QString deviceText = QStringLiteral("Sign out of this server on this computer? You will need your "
                                              "password to sign in again.");
    QTest::newRow("menu, yes") << Kind::SignOut << Answer::Yes << menuTitle << menuText << true;
    QTest::newRow("menu, no") << Kind::SignOut << Answer::No << menuTitle << menuText << false;
    QTest::newRow("menu, escape") << Kind::SignOut << Answer::Escape << menuTitle << menuText << false;
    QTest::newRow("this device, yes") << Kind::SignOutThisDevice << Answer::Yes << deviceTitle << deviceText << true;
    QTest::newRow("this device, no") << Kind::SignOutThisDevice << Answer::No << deviceTitle << deviceText << false;
    QTest::newRow("this device, escape") << Kind::SignOutThisDevice << Answer::Escape << deviceTitle << deviceText
                                         << false;
}

void tst_SignOutQuestion::ask()
{
    QFETCH(Kind, kind);
    QFETCH(Answer, answer);
    QFETCH(QString, title);
    QFETCH(QString, text);
    QFETCH(bool, signOut);

    QWidget parent;
    QString seenTitle;
    QString seenText;
    QWidget *seenParent = nullptr;
    // The box is modal: answer it from its own event loop as soon as it is up.
    QTimer answerer;
    answerer.setInterval(10);
    connect(&answerer, &QTimer::timeout, &answerer, [&] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (!box)
            return;
        answerer.stop();
        seenTitle = box->windowTitle();
        seenText = box->text();
        seenParent = box->parentWidget();
        if (answer == Answer::Escape)
            QTest::keyClick(box, Qt::Key_Escape);
        else
            box->button(answer == Answer::Yes ? QMessageBox::Yes : QMessageBox::No)->click();
    });
    answerer.start();

    const bool result = SignOutQuestion::ask(&parent, kind, QUrl(QStringLiteral("ws://chat.example:8787")));
    QCOMPARE(result, signOut);
    QCOMPARE(seenTitle, title);
    QCOMPARE(seenText, text);
    QCOMPARE(seenParent, &parent);
}

PARLEY_TEST_MAIN(tst_SignOutQuestion)
#include "tst_signoutquestion.moc"
