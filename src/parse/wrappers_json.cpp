// Webhook events (Amazon SES, SendGrid, Mailgun, Postmark) and library error objects as JSON
// (Nodemailer's JSON.stringify(err)): the reply sits in a field whose name says what it holds.
#include "parse/codes.hpp"
#include "parse/command.hpp"
#include "parse/wrappers_detail.hpp"
#include "util/strings.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <vector>

namespace smtpx::parse::detail {

namespace {

enum class Role { Text, Code, Status, Command, Recipient, Host };

struct Key {
    std::string_view name;   ///< compared without regard to case
    Role role;
    int rank;                ///< for Text: lower is the more direct copy of the server's reply
};

// Field names as the providers document their events (see the unit tests for each shape).
constexpr std::array<Key, 22> kKeys{{
    {"smtpReply", Role::Text, 0},          // JMAP EmailSubmission deliveryStatus (RFC 8621)
    {"smtp_reply", Role::Text, 0},
    {"diagnosticCode", Role::Text, 0},     // Amazon SES bounce.bouncedRecipients[]
    {"diagnostic-code", Role::Text, 0},
    {"smtpResponse", Role::Text, 0},       // Amazon SES delivery and delay events
    {"response", Role::Text, 1},           // Nodemailer error, SendGrid deferred event
    {"reason", Role::Text, 2},             // SendGrid bounce and dropped events
    {"details", Role::Text, 2},            // Postmark bounce webhook
    {"message", Role::Text, 3},            // Mailgun delivery-status, generic error objects
    {"description", Role::Text, 4},        // Mailgun delivery-status, Postmark's own words
    {"error", Role::Text, 5},
    {"responseCode", Role::Code, 0},       // Nodemailer
    {"code", Role::Code, 0},               // Mailgun delivery-status (a string such as "EENVELOPE" is ignored)
    {"smtp-code", Role::Code, 0},
    {"status", Role::Status, 0},           // SES, SendGrid: "5.1.1"
    {"enhanced-code", Role::Status, 0},    // Mailgun
    {"enhancedCode", Role::Status, 0},
    {"command", Role::Command, 0},         // Nodemailer: "RCPT TO"
    {"emailAddress", Role::Recipient, 0},  // SES
    {"email", Role::Recipient, 0},         // SendGrid, Postmark ("Email")
    {"recipient", Role::Recipient, 0},     // Mailgun
    {"mx-host", Role::Host, 0},            // Mailgun delivery-status
}};

struct Leaf {
    const Key* key;
    std::string value;
    std::size_t object;   ///< which JSON object holds it, so a code pairs with its own message
};

constexpr int kMaxDepth = 24;
constexpr std::size_t kMaxLeaves = 2000;

void walk(const nlohmann::json& j, std::size_t object, int depth, std::size_t& next_object, std::vector<Leaf>& out) {
    if (depth > kMaxDepth || out.size() >= kMaxLeaves) return;
    if (j.is_array()) {
        for (const auto& v : j) walk(v, object, depth + 1, next_object, out);
        return;
    }
    if (!j.is_object()) return;
    const std::size_t here = next_object++;
    for (const auto& [name, v] : j.items()) {
        if (v.is_structured()) {
            walk(v, here, depth + 1, next_object, out);
            continue;
        }
        // clang 14 (the fuzz build) cannot capture a structured binding in a lambda: name it first.
        const std::string_view field = name;
        const auto key = std::find_if(kKeys.begin(), kKeys.end(), [&](const Key& k) { return util::iequals(k.name, field); });
        if (key == kKeys.end()) continue;
        std::string value;
        if (v.is_string()) value = v.get<std::string>();
        else if (v.is_number_integer()) value = std::to_string(v.get<long long>());
        else continue;
        out.push_back({&*key, std::move(value), here});
        if (out.size() >= kMaxLeaves) return;
    }
}

/// Where the reply starts in a text field ("smtp; 550 ...", "550 ...", "... rejected: 550 ..."), or npos.
std::size_t reply_start(std::string_view v) { return find_reply_start(v, /*allow_weak=*/false); }

bool is_status(std::string_view v) { return !v.empty() && enhanced_code_at(v, 0) == v.size(); }

} // namespace

bool read_json(std::string_view t, Unwrapped& u) {
    const nlohmann::json j = nlohmann::json::parse(t.begin(), t.end(), nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_structured()) return false;
    std::vector<Leaf> leaves;
    std::size_t next_object = 0;
    walk(j, 0, 0, next_object, leaves);
    u.family = "json";

    // The text field to trust: one holding a reply code, else one with an enhanced code, else prose;
    // then the more direct field name; then document order.
    auto grade = [](const Leaf& l) {
        const std::string_view v = util::trim(l.value);
        if (reply_start(v) != std::string_view::npos) return 0;
        if (!find_enhanced_code(v).empty()) return 1;
        return v.find(' ') != std::string_view::npos ? 2 : 3;
    };
    const Leaf* best = nullptr;
    int best_grade = 3;
    for (const Leaf& l : leaves) {
        if (l.key->role != Role::Text) continue;
        const int g = grade(l);
        if (g >= 3) continue;
        if (!best || g < best_grade || (g == best_grade && l.key->rank < best->key->rank)) {
            best = &l;
            best_grade = g;
        }
    }
    auto same_object_first = [&](Role role, auto accept) -> const Leaf* {
        const Leaf* any = nullptr;
        for (const Leaf& l : leaves) {
            if (l.key->role != role || !accept(std::string_view(l.value))) continue;
            if (best && l.object == best->object) return &l;
            if (!any) any = &l;
        }
        return any;
    };
    const Leaf* code = same_object_first(Role::Code, [](std::string_view v) { return v.size() == 3 && code_token(v, 0) > 0; });
    const Leaf* status = same_object_first(Role::Status, is_status);
    if (!status)   // a three-digit "status" is a reply code
        if (const Leaf* s = same_object_first(Role::Status, [](std::string_view v) { return v.size() == 3 && code_token(v, 0) > 0; }))
            code = code ? code : s;
    if (const Leaf* c = same_object_first(Role::Command, [](std::string_view v) { return !canonical_command(v).empty(); }))
        u.command = canonical_command(c->value);
    if (const Leaf* r = same_object_first(Role::Recipient, [](std::string_view v) { return v.find('@') != std::string_view::npos; }))
        u.recipient = r->value;
    if (const Leaf* h = same_object_first(Role::Host, [](std::string_view v) { return !v.empty(); })) u.remote_host = h->value;

    if (best) {
        // Every field of the trusted name that holds a reply (one per recipient of an SES event).
        std::vector<std::string_view> seen;
        for (const Leaf& l : leaves) {
            if (l.key != best->key || (&l != best && grade(l) != 0)) continue;
            std::string_view v = util::trim(l.value);
            if (const std::size_t s = reply_start(v); s != std::string_view::npos) v = v.substr(s);
            else if (util::istarts_with(v, "smtp;")) v = util::trim(v.substr(5));
            if (std::find(seen.begin(), seen.end(), v) != seen.end()) continue;
            seen.push_back(v);
            add_reply(u, with_code(code ? code_token(code->value, 0) : -1, v));
        }
    }
    if (status) {
        const std::string_view first = util::trim(u.replies);
        // The event's status stands beside a reply that has none of its own (Mailgun's message without codes).
        const std::size_t sp = first.find(' ');
        if (first.empty() || sp == std::string_view::npos || enhanced_code_at(first, sp + 1) == 0) u.status = status->value;
    }
    return true;
}

} // namespace smtpx::parse::detail
