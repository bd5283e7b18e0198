#pragma once
// ConnectDialog ("Connect to server…"): where the user names a server and says, if needed, how to
// talk to it. The server comes with a list of recent ones; the kind of server is "detect
// automatically" unless the user knows better (parley-server, a stock Socket.IO server, a plain
// WebSocket server); for a stock Socket.IO server, a profile says which events carry messages
// (ServerProfile: presets, or the user's own, edited here and stored in QSettings).
//
// The dialog only edits settings and says what was chosen (choice()): it never connects. The app
// resolves the dialect and connects (DialectResolver, ProtocolFactory), and remembers what worked
// for the server (ServerMemory); the dialog reads that memory back when a known server is chosen.
#include "serverprofile.h"

#include <QDialog>
#include <QUrl>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSettings;

class ConnectDialog : public QDialog
{
    Q_OBJECT
public:
    //! What the user chose.
    struct Choice
    {
        QUrl server;
        QString name;
        QString dialect = QStringLiteral("auto"); //!< auto | parley | socketio | raw
        QString profileId;                        //!< for auto/socketio; stored or preset
    };

    //! Recent servers kept in settings ("connect/recent"), newest first.
    static constexpr int kMaxRecent = 10;

    //! \a settings (not owned) holds the profiles, the recent servers and ServerMemory.
    explicit ConnectDialog(QSettings *settings, QWidget *parent = nullptr);
    ~ConnectDialog() override;

    //! Fills the form (e.g. with the current server and name). An empty dialect or profile keeps
    //! what is remembered for the server (ServerMemory), else the defaults.
    void setChoice(const Choice &choice);
    //! What the form says now (the server parsed leniently).
    Choice choice() const;
    //! The profile as the fields say (id of the profile chosen).
    ServerProfile editedProfile() const;
    //! Why the form cannot be accepted, or empty.
    QString problem() const;

    static QStringList recentServers(QSettings &settings);
    static void addRecentServer(QSettings &settings, const QUrl &server);
    //! Parses what the user typed: "host:port" becomes ws://host:port; only ws/wss are valid.
    static QUrl parseServer(const QString &text);

public Q_SLOTS:
    //! Saves the profile if it was changed, adds the server to the recent ones, then closes.
    //! Refuses (stays open, says why) while problem() is not empty.
    void accept() override;

protected:
    void changeEvent(QEvent *event) override;

private:
    void buildUi();
    void retranslate();
    void fillProfiles(const QString &select);
    void loadProfile(const QString &id);
    void onServerEdited();
    void saveAsNew();
    void resetProfile();
    void updateState();

    QSettings *m_settings;
    QComboBox *m_server = nullptr;
    QLineEdit *m_name = nullptr;
    QComboBox *m_dialect = nullptr;
    QGroupBox *m_profileBox = nullptr;
    QComboBox *m_profile = nullptr;
    QPushButton *m_saveAs = nullptr;
    QPushButton *m_reset = nullptr;
    QLineEdit *m_nameSpace = nullptr;
    QLineEdit *m_sendEvent = nullptr;
    QComboBox *m_shape = nullptr;
    QLineEdit *m_sendTextField = nullptr;
    QLineEdit *m_sendNameField = nullptr;
    QLineEdit *m_receiveEvents = nullptr;
    QLineEdit *m_receiveTextField = nullptr;
    QLineEdit *m_receiveSenderField = nullptr;
    QCheckBox *m_echoes = nullptr;
    QCheckBox *m_withAck = nullptr;
    QCheckBox *m_sendFiles = nullptr;
    QLabel *m_problem = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QList<QLabel *> m_labels; //!< form labels, by position (retranslated)
    ServerProfile m_loaded;   //!< the profile as loaded, to see whether the fields changed it
    bool m_loading = false;
    bool m_dialectFromMemory = false;  //!< the kind of server shown was remembered, not chosen
    bool m_settingFromMemory = false;
};
