// Tests ui/signindialog.cpp: what the form asks for in each mode, what it refuses to send, and
// the SignIn it gives; server words shown as plain text.
#include "signindialog.h"
#include "testmain.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTest>

class tst_SignInDialog : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void form_data();
    void form();
    void errorIsPlainText();
};

void tst_SignInDialog::form_data()
{
    QTest::addColumn<bool>("create");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("repeat");
    QTest::addColumn<bool>("sendable");
    QTest::addColumn<int>("method");
    QTest::newRow("sign in") << false << QStringLiteral(" dana ") << QStringLiteral("pw") << QString() << true << int(SignIn::Method::Password);
    QTest::newRow("no user") << false << QString() << QStringLiteral("pw") << QString() << false << int(SignIn::Method::Password);
    QTest::newRow("no password") << false << QStringLiteral("dana") << QString() << QString() << false << int(SignIn::Method::Password);
    QTest::newRow("create") << true << QStringLiteral("dana") << QStringLiteral("pw") << QStringLiteral("pw") << true << int(SignIn::Method::Register);
    QTest::newRow("create, passwords differ") << true << QStringLiteral("dana") << QStringLiteral("pw") << QStringLiteral("wp") << false << int(SignIn::Method::Register);
}

void tst_SignInDialog::form()
{
    QFETCH(bool, create);
    QFETCH(QString, user);
    QFETCH(QString, password);
    QFETCH(QString, repeat);
    QFETCH(bool, sendable);
    QFETCH(int, method);
    SignInDialog d(QUrl(QStringLiteral("ws://chat.example:8787")));
    d.setMode(create ? SignInDialog::Mode::CreateAccount : SignInDialog::Mode::SignIn);
    d.show();
    QVERIFY(QTest::qWaitForWindowExposed(&d));
    d.findChild<QLineEdit *>(QStringLiteral("username"))->setText(user);
    d.findChild<QLineEdit *>(QStringLiteral("password"))->setText(password);
    d.findChild<QLineEdit *>(QStringLiteral("repeatPassword"))->setText(repeat);
    d.findChild<QLineEdit *>(QStringLiteral("displayName"))->setText(QStringLiteral("Dana"));
    d.setInvite(QStringLiteral("CODE"));
    QCOMPARE(d.problem().isEmpty(), sendable);
    QCOMPARE(d.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->isEnabled(), sendable);
    QCOMPARE(d.findChild<QLineEdit *>(QStringLiteral("invite"))->isVisible(), create);
    const SignIn s = d.signIn(QStringLiteral("laptop"));
    QCOMPARE(int(s.method), method);
    QCOMPARE(s.username, user.trimmed());
    QCOMPARE(s.device, QStringLiteral("laptop"));
    QCOMPARE(s.invite, create ? QStringLiteral("CODE") : QString());
    QCOMPARE(s.displayName, create ? QStringLiteral("Dana") : QString());
}

void tst_SignInDialog::errorIsPlainText()
{
    SignInDialog d(QUrl(QStringLiteral("ws://chat.example:8787")));
    d.setError(QStringLiteral("<b>bold</b> <a href=\"javascript:x\">link</a>"));
    QLabel *error = d.findChild<QLabel *>(QStringLiteral("signInError"));
    QCOMPARE(error->textFormat(), Qt::PlainText);
    QVERIFY(!error->isHidden());
    d.setError({});
    QVERIFY(error->isHidden());
}

PARLEY_TEST_MAIN(tst_SignInDialog)
#include "tst_signindialog.moc"
