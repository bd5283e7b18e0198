#include "serverprofile.h"

#include <cmath>

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSettings>

namespace {
const QString kGroup = QStringLiteral("profiles");

bool readString(const QJsonObject &o, const char *key, QString *out, QString *error)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined() || v.isNull())
        return true;
    if (!v.isString()) {
        if (error)
            *error = ServerProfile::tr("“%1” must be a string.").arg(QLatin1String(key));
        return false;
    }
    *out = v.toString();
    return true;
}

bool readBool(const QJsonObject &o, const char *key, bool *out, QString *error)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined() || v.isNull())
        return true;
    if (!v.isBool()) {
        if (error)
            *error = ServerProfile::tr("“%1” must be true or false.").arg(QLatin1String(key));
        return false;
    }
    *out = v.toBool();
    return true;
}
} // namespace

bool ServerProfile::isValidId(const QString &id)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9_-]{1,64}$"));
    return re.match(id).hasMatch();
}

QString ServerProfile::validate() const
{
    if (!isValidId(id))
        return tr("A profile name may only hold letters, digits, '-' and '_' (got “%1”).").arg(id);
    if (isParley())
        return {};
    if (!nameSpace.startsWith(QLatin1Char('/')))
        return tr("The namespace must start with '/' (got “%1”).").arg(nameSpace);
    if (sendEvent.trimmed().isEmpty())
        return tr("The profile needs an event to send messages with.");
    if (sendShape == Shape::Object && sendTextField.trimmed().isEmpty())
        return tr("An object payload needs the name of its text field.");
    if (sendFiles && sendShape == Shape::Object && sendFileField.trimmed().isEmpty())
        return tr("Sending files in an object payload needs the name of its file field.");
    if (maxFileSize < 1 || maxFileSize > kMaxFileSizeLimit)
        return tr("The largest file must be between 1 byte and %1 bytes (got %2).").arg(kMaxFileSizeLimit).arg(maxFileSize);
    if (receiveEvents.isEmpty())
        return tr("The profile needs at least one event to show as incoming messages.");
    for (const QString &e : receiveEvents) {
        if (e.trimmed().isEmpty())
            return tr("An incoming event name is empty.");
    }
    return {};
}

QJsonValue ServerProfile::payload(const QString &text, const QString &userName) const
{
    if (sendShape == Shape::PlainString)
        return text;
    QJsonObject o;
    o.insert(sendTextField, text);
    if (!sendNameField.isEmpty())
        o.insert(sendNameField, userName);
    return o;
}

QJsonObject ServerProfile::authFor(const QString &userName) const
{
    QJsonObject a = auth;
    if (!authNameField.isEmpty() && !userName.isEmpty())
        a.insert(authNameField, userName);
    return a;
}

QString ServerProfile::shapeName(Shape shape)
{
    return shape == Shape::Object ? QStringLiteral("object") : QStringLiteral("string");
}

std::optional<ServerProfile::Shape> ServerProfile::shapeFromName(const QString &name)
{
    if (name == QLatin1String("string"))
        return Shape::PlainString;
    if (name == QLatin1String("object"))
        return Shape::Object;
    return std::nullopt;
}

QJsonObject ServerProfile::toJson() const
{
    return QJsonObject{
        {QStringLiteral("id"), id},
        {QStringLiteral("title"), title},
        {QStringLiteral("namespace"), nameSpace},
        {QStringLiteral("auth"), auth},
        {QStringLiteral("authNameField"), authNameField},
        {QStringLiteral("sendEvent"), sendEvent},
        {QStringLiteral("sendShape"), shapeName(sendShape)},
        {QStringLiteral("sendTextField"), sendTextField},
        {QStringLiteral("sendNameField"), sendNameField},
        {QStringLiteral("sendWithAck"), sendWithAck},
        {QStringLiteral("receiveEvents"), QJsonArray::fromStringList(receiveEvents)},
        {QStringLiteral("receiveTextField"), receiveTextField},
        {QStringLiteral("receiveSenderField"), receiveSenderField},
        {QStringLiteral("serverEchoes"), serverEchoes},
        {QStringLiteral("sendFiles"), sendFiles},
        {QStringLiteral("sendFileField"), sendFileField},
        {QStringLiteral("maxFileSize"), double(maxFileSize)},
    };
}

std::optional<ServerProfile> ServerProfile::fromJson(const QJsonObject &o, QString *error)
{
    ServerProfile p;
    QString shape = shapeName(p.sendShape);
    if (!readString(o, "id", &p.id, error) || !readString(o, "title", &p.title, error)
        || !readString(o, "namespace", &p.nameSpace, error)
        || !readString(o, "authNameField", &p.authNameField, error)
        || !readString(o, "sendEvent", &p.sendEvent, error) || !readString(o, "sendShape", &shape, error)
        || !readString(o, "sendTextField", &p.sendTextField, error)
        || !readString(o, "sendNameField", &p.sendNameField, error)
        || !readBool(o, "sendWithAck", &p.sendWithAck, error)
        || !readString(o, "receiveTextField", &p.receiveTextField, error)
        || !readString(o, "receiveSenderField", &p.receiveSenderField, error)
        || !readBool(o, "serverEchoes", &p.serverEchoes, error)
        || !readBool(o, "sendFiles", &p.sendFiles, error)
        || !readString(o, "sendFileField", &p.sendFileField, error))
        return std::nullopt;
    const QJsonValue maxFile = o.value(QLatin1String("maxFileSize"));
    if (!maxFile.isUndefined() && !maxFile.isNull()) {
        const double v = maxFile.toDouble(-1);
        if (!maxFile.isDouble() || v != std::floor(v) || v < 1 || v > double(kMaxFileSizeLimit)) {
            if (error)
                *error = tr("“maxFileSize” must be a whole number of bytes from 1 to %1.").arg(kMaxFileSizeLimit);
            return std::nullopt;
        }
        p.maxFileSize = qint64(v);
    }
    const std::optional<Shape> s = shapeFromName(shape);
    if (!s) {
        if (error)
            *error = tr("“sendShape” must be “string” or “object” (got “%1”).").arg(shape);
        return std::nullopt;
    }
    p.sendShape = *s;
    const QJsonValue auth = o.value(QLatin1String("auth"));
    if (auth.isObject()) {
        p.auth = auth.toObject();
    } else if (!auth.isUndefined() && !auth.isNull()) {
        if (error)
            *error = tr("“auth” must be a JSON object.");
        return std::nullopt;
    }
    const QJsonValue events = o.value(QLatin1String("receiveEvents"));
    if (events.isString()) {
        p.receiveEvents = QStringList{events.toString()};
    } else if (events.isArray()) {
        p.receiveEvents.clear();
        const QJsonArray a = events.toArray();
        for (const QJsonValue &e : a) {
            if (!e.isString()) {
                if (error)
                    *error = tr("“receiveEvents” must be a list of event names.");
                return std::nullopt;
            }
            p.receiveEvents << e.toString();
        }
    } else if (!events.isUndefined() && !events.isNull()) {
        if (error)
            *error = tr("“receiveEvents” must be a list of event names.");
        return std::nullopt;
    }
    return p;
}

QList<ServerProfile> ServerProfile::presets()
{
    ServerProfile parley;
    parley.id = QLatin1String(kParleyId);
    parley.title = tr("parley-server (rooms, history, delivery receipts)");
    parley.sendWithAck = true;

    ServerProfile classic;
    classic.id = QLatin1String(kClassicId);
    classic.title = tr("Socket.IO chat example: “chat message” with plain text, sent back to everyone");
    classic.sendEvent = QStringLiteral("chat message");
    classic.sendShape = Shape::PlainString;
    classic.receiveEvents = QStringList{QStringLiteral("chat message")};
    classic.serverEchoes = true;

    ServerProfile group;
    group.id = QLatin1String(kGroupId);
    group.title = tr("Socket.IO group chat: “message” {name, msg} in, “servermessage” {name, msg} out");
    group.sendEvent = QStringLiteral("message");
    group.sendShape = Shape::Object;
    group.sendTextField = QStringLiteral("msg");
    group.sendNameField = QStringLiteral("name");
    group.receiveEvents = QStringList{QStringLiteral("servermessage")};
    group.receiveTextField = QStringLiteral("msg");
    group.receiveSenderField = QStringLiteral("name");

    return {parley, classic, group};
}

std::optional<ServerProfile> ServerProfile::preset(const QString &id)
{
    const QList<ServerProfile> all = presets();
    for (const ServerProfile &p : all) {
        if (p.id == id)
            return p;
    }
    return std::nullopt;
}

QStringList ServerProfile::ids(QSettings &settings)
{
    QStringList out;
    const QList<ServerProfile> all = presets();
    for (const ServerProfile &p : all)
        out << p.id;
    settings.beginGroup(kGroup);
    const QStringList stored = settings.childGroups();
    settings.endGroup();
    for (const QString &id : stored) {
        if (!out.contains(id) && isValidId(id))
            out << id;
    }
    return out;
}

std::optional<ServerProfile> ServerProfile::load(QSettings &settings, const QString &id)
{
    if (!isValidId(id))
        return std::nullopt;
    settings.beginGroup(kGroup);
    const bool stored = settings.childGroups().contains(id);
    const QByteArray json = settings.value(id + QLatin1String("/json")).toByteArray();
    settings.endGroup();
    if (stored) {
        const QJsonDocument doc = QJsonDocument::fromJson(json);
        std::optional<ServerProfile> p = doc.isObject() ? fromJson(doc.object()) : std::nullopt;
        if (p) {
            p->id = id;
            if (p->validate().isEmpty())
                return p;
        }
    }
    return preset(id);
}

bool ServerProfile::save(QSettings &settings) const
{
    if (!validate().isEmpty())
        return false;
    settings.beginGroup(kGroup);
    // One JSON value per profile: the auth object and the event list survive every QSettings format.
    settings.setValue(id + QLatin1String("/json"), QJsonDocument(toJson()).toJson(QJsonDocument::Compact));
    settings.endGroup();
    return true;
}

void ServerProfile::remove(QSettings &settings, const QString &id)
{
    if (!isValidId(id))
        return;
    settings.beginGroup(kGroup);
    settings.remove(id);
    settings.endGroup();
}

bool ServerProfile::operator==(const ServerProfile &o) const
{
    return toJson() == o.toJson();
}
