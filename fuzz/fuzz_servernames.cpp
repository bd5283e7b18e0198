// The names parley-server decides by (server/accounts/, connector/core/): UsernamePolicy (which
// usernames are accepted, when two are one, how a display name is cleaned) and DirectRoomName
// (who may read "@dm:<low>:<high>"). The input is one name. Beyond "no crash, no undefined
// behaviour": an accepted username has one key whatever form it came in; a cleaned display name
// is bounded, hides no invisible character and is cleaned already; a direct room name has exactly
// one spelling.
#include "directroomname.h"
#include "fuzzsupport.h"
#include "usernamepolicy.h"

namespace {

void checkUsername(const UsernamePolicy &policy, const QString &name)
{
    const QString refusal = policy.check(name);
    const std::optional<QString> key = policy.normalize(name);
    FUZZ_CHECK(refusal.isEmpty() == key.has_value());
    if (!key)
        return;
    const QString canonical = UsernamePolicy::canonical(name);
    FUZZ_CHECK(UsernamePolicy::keyOf(canonical) == *key);
    FUZZ_CHECK(UsernamePolicy::canonical(canonical) == canonical);
    // The stored form is accepted too, as the same name.
    FUZZ_CHECK(policy.normalize(canonical) == key);
    FUZZ_CHECK(!canonical.startsWith(UsernamePolicy::kGuestPrefix, Qt::CaseInsensitive));
}

void checkDisplayName(const UsernamePolicy &policy, const QString &name)
{
    const QString clean = policy.cleanDisplayName(name);
    const QList<uint> codePoints = clean.toUcs4();
    FUZZ_CHECK(codePoints.size() <= policy.limits().maxDisplayNameLength);
    for (uint ch : codePoints)
        FUZZ_CHECK(!UsernamePolicy::isInvisible(char32_t(ch)));
    FUZZ_CHECK(clean == clean.trimmed());
    FUZZ_CHECK(policy.cleanDisplayName(clean) == clean);
}

void checkDirectRoom(const QString &room)
{
    const std::optional<DirectRoomName::Pair> pair = DirectRoomName::parse(room);
    if (!pair)
        return;
    FUZZ_CHECK(pair->low > 0 && pair->low < pair->high);
    FUZZ_CHECK(DirectRoomName::make(pair->low, pair->high) == room);
    FUZZ_CHECK(DirectRoomName::make(pair->high, pair->low) == room);
    FUZZ_CHECK(DirectRoomName::isReserved(room));
    FUZZ_CHECK(DirectRoomName::peerOf(room, pair->low) == pair->high);
    FUZZ_CHECK(DirectRoomName::peerOf(room, pair->high) == pair->low);
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    Fuzz::initQt(argc, argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const UsernamePolicy policy;
    const QString name = Fuzz::text(data, size);
    checkUsername(policy, name);
    checkDisplayName(policy, name);
    checkDirectRoom(name);
    return 0;
}
