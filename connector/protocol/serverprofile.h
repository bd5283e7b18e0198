#pragma once
// How to chat with a stock Socket.IO server, whose events are whatever its author chose: which
// event Parley emits when the user sends and with which payload, which events it shows as incoming
// messages and where their text and sender are. Presets cover the classic tutorial servers; the
// user edits a copy in the connect dialog, and profiles are stored in QSettings (group "profiles").
//
// The preset "parley" stands for parley-server's own protocol (docs/protocol.md, ParleyProtocol):
// its event fields are not used.
#include <QCoreApplication>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <optional>

class QSettings;

struct ServerProfile
{
    Q_DECLARE_TR_FUNCTIONS(ServerProfile)
public:
    //! The payload of the send event.
    enum class Shape {
        PlainString, //!< socket.emit("chat message", "hi")
        Object,      //!< socket.emit("message", {name: "alice", msg: "hi"})
    };

    QString id;        //!< key in settings; letters, digits, '-' and '_' (see isValidId())
    QString title;     //!< shown in the connect dialog

    QString nameSpace = QStringLiteral("/"); //!< Socket.IO namespace to connect ("/admin")
    QJsonObject auth;                        //!< connect auth payload, e.g. {"token":"…"}
    QString authNameField;                   //!< if set, the user's name is added to auth under it

    QString sendEvent = QStringLiteral("chat message");
    Shape sendShape = Shape::PlainString;
    QString sendTextField = QStringLiteral("msg"); //!< Object shape: field holding the text
    QString sendNameField;                         //!< Object shape: field holding the user's name
    //! Ask the server to acknowledge each message (its callback turns Sent into Delivered). Only
    //! for servers whose handler calls the callback: without one, messages would end up Failed.
    bool sendWithAck = false;
    //! The server takes files: one is sent through sendEvent as a binary attachment -- the
    //! attachment alone (PlainString shape; a caption follows as a text message), or inside the
    //! object under sendFileField, with "fileName" and "fileType" beside it (Object shape).
    //! Off by default: a server whose handler expects text would show "[object Object]".
    bool sendFiles = false;
    QString sendFileField = QStringLiteral("file");
    //! The largest file sent (bytes): Socket.IO's maxHttpBufferSize is 1 MB by default, and one
    //! larger attachment makes such a server drop the connection. At most kMaxFileSizeLimit.
    qint64 maxFileSize = 1'000'000;
    static constexpr qint64 kMaxFileSizeLimit = 64LL * 1024 * 1024;

    QStringList receiveEvents{QStringLiteral("chat message")}; //!< events shown as messages
    //! Field of an object payload holding the text; empty = the first recognised one
    //! (ForeignMessage::textFields()). A plain string payload is the text itself.
    QString receiveTextField;
    QString receiveSenderField; //!< likewise for the sender's name
    //! The server sends each message back to its sender too (io.emit): the copy of one's own
    //! message is recognised (same text within kEchoWindow) and not shown a second time.
    bool serverEchoes = false;

    //! Echoes of one's own message are matched within this long after it was sent.
    static constexpr int kEchoWindowMs = 10000;

    static constexpr const char *kParleyId = "parley";
    static constexpr const char *kClassicId = "classic";
    static constexpr const char *kGroupId = "group";

    //! parley-server's own protocol (ParleyProtocol), not a profile of events.
    bool isParley() const { return id == QLatin1String(kParleyId); }
    //! Empty when usable, else what is wrong (translated, for the connect dialog / command line).
    QString validate() const;
    static bool isValidId(const QString &id);

    //! What the send event carries for \a text from \a userName.
    QJsonValue payload(const QString &text, const QString &userName) const;
    //! The connect auth for \a userName (auth plus authNameField).
    QJsonObject authFor(const QString &userName) const;

    QJsonObject toJson() const;
    //! Missing fields keep their defaults; nullopt (and \a error) when a field has the wrong type.
    static std::optional<ServerProfile> fromJson(const QJsonObject &json, QString *error = nullptr);
    static QString shapeName(Shape shape);
    static std::optional<Shape> shapeFromName(const QString &name);

    //! The built-in profiles: parley, classic ("chat message" strings, re-broadcast to all),
    //! group ("message" {name, msg} in, "servermessage" {name, msg} out).
    static QList<ServerProfile> presets();
    static std::optional<ServerProfile> preset(const QString &id);

    //! Preset ids first, then the user's own profiles, as stored.
    static QStringList ids(QSettings &settings);
    //! The stored profile \a id (a user's edit of a preset wins over the preset), else the preset.
    static std::optional<ServerProfile> load(QSettings &settings, const QString &id);
    //! Stores this profile under "profiles/<id>"; false (nothing written) if it does not validate.
    bool save(QSettings &settings) const;
    //! Forgets the stored profile \a id (a preset comes back as built in).
    static void remove(QSettings &settings, const QString &id);

    bool operator==(const ServerProfile &other) const;
    bool operator!=(const ServerProfile &other) const { return !(*this == other); }
};

Q_DECLARE_METATYPE(ServerProfile)
