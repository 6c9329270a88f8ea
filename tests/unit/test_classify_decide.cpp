// classify/decide: each row of the reason precedence beats the next, and the matcher returns rules
// in the rule tiers' order. Rules, code entries and after-notes are made here; enhanced codes and
// reasons come from the embedded knowledge base (5.1.1 userunknown, 5.3.0 systemerror, Microsoft's
// own 5.7.515 authfailure, which the registry does not define).
#include "kb_fixture.hpp"
#include "classify/decide.hpp"
#include "classify/matcher.hpp"

#include <gtest/gtest.h>

namespace {
using namespace smtpx;
using classify::ReasonSource;
using classify::Tier;

kb::PatternRule rule(std::string_view id, std::string_view reason, std::string_view provider = {},
                     std::string_view software = {}, std::string_view tier = {}) {
    kb::PatternRule r;
    r.id = id;
    r.pattern = "needle";
    r.reason = from_name<Reason>(reason);
    r.provider = provider;
    r.software = software;
    r.tier = tier;
    return r;
}

const kb::PatternRule k_provider = rule("t.provider", "blocked", "gmail");
const kb::PatternRule k_provider_unreachable = rule("t.provider-unreachable", "networkerror", "gmail");
const kb::PatternRule k_unreachable = rule("t.unreachable", "networkerror");
const kb::PatternRule k_software = rule("t.software", "rejected", {}, "postfix");
const kb::PatternRule k_generic = rule("t.generic", "mailboxfull");
const kb::PatternRule k_vocabulary = rule("t.vocabulary", "mesgtoobig", {}, {}, "vocabulary");
const kb::PatternRule k_signature = rule("t.signature", {}, "microsoft");
const kb::PatternRule k_relay = rule("t.relay", {}, "yahoo", {}, "relay-host");

const kb::AfterNote k_after_mail[] = {{.command = "MAIL", .text = "", .reason = Reason::systemfull, .text_zh = ""}};
kb::CodeEntry code_entry(int code, std::string_view reason, bool with_after) {
    kb::CodeEntry c;
    c.code = code;
    c.reason = from_name<Reason>(reason).value();
    c.actor = Actor::sender_admin;
    if (with_after) c.after = k_after_mail;
    return c;
}
const kb::AfterNote k_after_mail_rejected[] = {{.command = "MAIL", .text = "", .reason = Reason::rejected, .text_zh = ""}};
const kb::PatternRule k_generic_missing = rule("t.generic-missing", "hostunknown");
kb::CodeEntry code_553_after_mail() {
    kb::CodeEntry c = code_entry(553, "rejected", false);
    c.after = k_after_mail_rejected;
    return c;
}
const kb::CodeEntry k_553_after = code_553_after_mail();
const kb::AfterNote k_after_end_of_data[] = {{.command = "END-OF-DATA", .text = "", .reason = std::nullopt, .text_zh = ""}};
const kb::PatternRule k_generic_no_user = rule("t.generic-no-user", "userunknown");
kb::CodeEntry code_550_after_data() {
    kb::CodeEntry c = code_entry(550, "undefined", false);
    c.after = k_after_end_of_data;
    return c;
}
const kb::CodeEntry k_550_after_data = code_550_after_data();
const kb::CodeEntry k_552 = code_entry(552, "syntaxerror", false);
const kb::CodeEntry k_552_after = code_entry(552, "syntaxerror", true);

struct Case {
    const char* what;
    ReasonSource winner, loser;   ///< the loser would decide without the winner
    const char* klass;
    const char* enhanced;         ///< "" for none
    const char* delivery_status;
    const kb::CodeEntry* code;
    bool after;
    std::vector<const kb::PatternRule*> hits;
    const char* reason;
};

classify::Decision run(const Case& c) {
    classify::Facts f;
    f.klass = from_name<SmtpClass>(c.klass);
    if (c.code) f.code = c.code->code;
    if (*c.enhanced) f.enhanced = std::string_view(c.enhanced);
    f.delivery_status = c.delivery_status;
    f.code_entry = c.code;
    f.after = c.after && c.code ? &c.code->after[0] : nullptr;
    return classify::decide(fixture::embedded_kb(), f, c.hits);
}

} // namespace

TEST(ClassifyDecide, TableRowsAreInTheDocumentedOrder) {
    ASSERT_EQ(classify::k_reason_tiers.size(), static_cast<std::size_t>(ReasonSource::None));
    for (std::size_t i = 0; i < classify::k_reason_tiers.size(); ++i)
        EXPECT_EQ(static_cast<std::size_t>(classify::k_reason_tiers[i].source), i) << "row " << i;
}

TEST(ClassifyDecide, EachReasonTierBeatsTheNext) {
    // Between two rules the matcher's order decides: given generic first, it puts the MTA's first.
    const classify::Matcher matcher({&k_generic, &k_software});
    const std::vector<const kb::PatternRule*> mta_and_generic = matcher.match("needle");
    const std::vector<Case> cases = {
        {"2xx class over the provider's rule", ReasonSource::Accepted, ReasonSource::ProviderRule, "positive-completion",
         "", "", nullptr, false, {&k_provider}, "accepted"},
        {"a final failure with no answer over the provider's rule", ReasonSource::GaveUp, ReasonSource::ProviderRule,
         "transient-negative", "", "failed", nullptr, false, {&k_provider_unreachable}, "expired"},
        {"provider's rule over the log's expiry", ReasonSource::ProviderRule, ReasonSource::Expired, "permanent-negative",
         "", "expired", nullptr, false, {&k_provider_unreachable}, "networkerror"},
        {"expiry over a vendor code", ReasonSource::Expired, ReasonSource::VendorCode, "permanent-negative", "5.7.515",
         "expired", nullptr, false, {}, "expired"},
        {"vendor code over an MTA's rule", ReasonSource::VendorCode, ReasonSource::SoftwareRule, "permanent-negative",
         "5.7.515", "", nullptr, false, {&k_software}, "authfailure"},
        {"MTA's rule over a generic rule", ReasonSource::SoftwareRule, ReasonSource::GenericRule, "permanent-negative", "",
         "", nullptr, false, mta_and_generic, "rejected"},
        {"the sender's address after MAIL over a generic rule's missing address", ReasonSource::SenderAddress,
         ReasonSource::GenericRule, "permanent-negative", "", "", &k_553_after, true, {&k_generic_missing}, "rejected"},
        {"a refusal of the message over a generic rule's unknown user", ReasonSource::MessageRefusal,
         ReasonSource::GenericRule, "permanent-negative", "5.0.0", "", &k_550_after_data, true, {&k_generic_no_user}, "rejected"},
        {"generic rule over a specific enhanced code", ReasonSource::GenericRule, ReasonSource::EnhancedCode,
         "permanent-negative", "5.1.1", "", nullptr, false, {&k_generic}, "mailboxfull"},
        {"specific enhanced code over the vocabulary", ReasonSource::EnhancedCode, ReasonSource::VocabularyRule,
         "permanent-negative", "5.1.1", "", &k_552, false, {&k_vocabulary}, "userunknown"},
        {"vocabulary over an X.Y.0 code", ReasonSource::VocabularyRule, ReasonSource::VagueEnhancedCode,
         "permanent-negative", "5.3.0", "", &k_552, false, {&k_vocabulary}, "mesgtoobig"},
        {"X.Y.0 code over the code after its command", ReasonSource::VagueEnhancedCode, ReasonSource::CodeAfterCommand,
         "permanent-negative", "5.3.0", "", &k_552_after, true, {}, "systemerror"},
        {"code after its command over the basic code", ReasonSource::CodeAfterCommand, ReasonSource::BasicCode,
         "permanent-negative", "", "", &k_552_after, true, {}, "systemfull"},
        {"basic code over nothing", ReasonSource::BasicCode, ReasonSource::None, "permanent-negative", "", "", &k_552,
         false, {}, "syntaxerror"},
    };
    ASSERT_EQ(cases.size(), classify::k_reason_tiers.size());
    for (std::size_t i = 0; i < cases.size(); ++i) {
        const Case& c = cases[i];
        SCOPED_TRACE(c.what);
        EXPECT_EQ(c.winner, classify::k_reason_tiers[i].source);
        const auto d = run(c);
        EXPECT_EQ(d.source, c.winner);
        EXPECT_EQ(name(d.reason), c.reason);
        // Both rows hold: the winner decided because it comes first, not because the loser was absent.
        bool loser_holds = c.loser == ReasonSource::None;
        for (const auto& row : classify::k_reason_tiers)
            if (row.source == c.loser) loser_holds = row.decides(classify::Facts{.klass = from_name<SmtpClass>(c.klass),
                                                                              .code = c.code ? std::optional<int>(c.code->code) : std::nullopt,
                                                                              .enhanced = *c.enhanced ? std::optional<std::string_view>(c.enhanced) : std::nullopt,
                                                                              .delivery_status = c.delivery_status,
                                                                              .code_entry = c.code,
                                                                              .after = c.after ? &c.code->after[0] : nullptr},
                                                                d);
        // The vocabulary leaves play where a specific code speaks: its row no longer holds then.
        if (c.loser == ReasonSource::VocabularyRule) loser_holds = d.rule == nullptr && d.best_rule == &k_vocabulary;
        // The generic rule matched too, and lost on the matcher's order.
        if (c.loser == ReasonSource::GenericRule && c.winner == ReasonSource::SoftwareRule)
            loser_holds = c.hits.size() == 2 && c.hits[1] == &k_generic && d.rule == &k_software;
        // The generic rule was the best rule, and gives way (its words describe a recipient).
        if (c.loser == ReasonSource::GenericRule && c.winner == ReasonSource::SenderAddress)
            loser_holds = d.best_rule == &k_generic_missing && d.rule == nullptr;
        if (c.loser == ReasonSource::GenericRule && c.winner == ReasonSource::MessageRefusal)
            loser_holds = d.best_rule == &k_generic_no_user && d.rule == nullptr;
        EXPECT_TRUE(loser_holds) << "the losing row does not hold, so the case proves nothing";
    }
}

TEST(ClassifyDecide, ExpiryKeepsWhatTheReplySaidAsTheOverriddenReason) {
    // A transport failure states no cause: the queue's expiry is the answer.
    auto d = run({"", ReasonSource::Expired, ReasonSource::GenericRule, "transient-negative", "", "expired", nullptr,
                  false, {&k_unreachable}, "expired"});
    EXPECT_EQ(d.source, ReasonSource::Expired);
    EXPECT_EQ(d.reason, Reason::expired);
    EXPECT_EQ(d.overridden_source, ReasonSource::GenericRule);
    EXPECT_EQ(d.overridden, Reason::networkerror);
    EXPECT_FALSE(d.expiry_is_other_reading);
    // A stated cause (a full mailbox) is the answer, the expiry the other reading.
    d = run({"", ReasonSource::GenericRule, ReasonSource::Expired, "transient-negative", "", "expired", nullptr, false,
             {&k_generic}, "mailboxfull"});
    EXPECT_EQ(d.source, ReasonSource::GenericRule);
    EXPECT_EQ(d.reason, Reason::mailboxfull);
    EXPECT_TRUE(d.expiry_is_other_reading);
}

TEST(ClassifyDecide, AnExpiryRuleYieldsToARuleThatStatesTheCause) {
    const kb::PatternRule expiry = rule("t.expiry", "expired", {}, "postfix");
    const auto d = run({"", ReasonSource::None, ReasonSource::None, "permanent-negative", "", "", nullptr, false,
                        {&expiry, &k_generic}, ""});
    EXPECT_EQ(d.best_rule, &k_generic);
    EXPECT_EQ(d.reason, Reason::mailboxfull);
    EXPECT_EQ(d.software, "postfix") << "the expiry rule still names the software";
}

TEST(ClassifyDecide, ProviderIsWhoeverWroteTheWordingThenTheVendorCode) {
    // A signature beats the relay host; both lose to a rule that names its provider.
    auto d = run({"", ReasonSource::None, ReasonSource::None, "permanent-negative", "", "", nullptr, false,
                  {&k_signature, &k_relay}, ""});
    EXPECT_EQ(d.provider, "microsoft");
    EXPECT_EQ(d.provider_rule, &k_signature);
    d = run({"", ReasonSource::None, ReasonSource::None, "permanent-negative", "", "", nullptr, false,
             {&k_provider, &k_signature, &k_relay}, ""});
    EXPECT_EQ(d.provider, "gmail");
    // No wording names one: a code only Microsoft defines names Microsoft.
    d = run({"", ReasonSource::None, ReasonSource::None, "permanent-negative", "5.7.515", "", nullptr, false, {}, ""});
    EXPECT_EQ(d.provider, "microsoft");
    EXPECT_TRUE(d.provider_from_vendor);
    // Another provider's wording: Microsoft's meaning does not apply to it.
    d = run({"", ReasonSource::None, ReasonSource::None, "permanent-negative", "5.7.515", "", nullptr, false, {&k_provider}, ""});
    EXPECT_EQ(d.provider, "gmail");
    EXPECT_FALSE(d.vendor_applies);
}

TEST(ClassifyDecide, RetryBounceAndActor) {
    auto d = run({"", ReasonSource::None, ReasonSource::None, "transient-negative", "", "", &k_552, false, {&k_generic}, ""});
    EXPECT_TRUE(d.retryable);
    EXPECT_EQ(d.bounce, Bounce::soft);
    kb::PatternRule final_rule = rule("t.final", "blocked");
    final_rule.retryable = 0;
    final_rule.bounce = Bounce::hard;
    final_rule.actor = Actor::recipient;
    d = run({"", ReasonSource::None, ReasonSource::None, "transient-negative", "", "", nullptr, false, {&final_rule}, ""});
    EXPECT_FALSE(d.retryable) << "the rule says a retry cannot help";
    EXPECT_EQ(d.actor, Actor::recipient);
    d = run({"", ReasonSource::None, ReasonSource::None, "permanent-negative", "", "", nullptr, false, {&final_rule}, ""});
    EXPECT_EQ(d.bounce, Bounce::hard);
    d = run({"", ReasonSource::None, ReasonSource::None, "", "", "deferred", nullptr, false, {}, ""});
    EXPECT_TRUE(d.retryable) << "a deferral without a code is the MTA saying it will retry";
    EXPECT_EQ(d.bounce, Bounce::none);
}

TEST(ClassifyMatcher, HitsComeInTheRuleTiersOrderThenKnowledgeBaseOrder) {
    // Given worst tier first, and two generic rules, which keep their knowledge-base order.
    const kb::PatternRule generic2 = rule("t.generic2", "spamdetected");
    const std::vector<const kb::PatternRule*> rules = {&k_relay, &k_signature, &k_vocabulary, &k_generic,
                                                       &generic2, &k_software, &k_provider};
    const classify::Matcher m(rules);
    const auto hits = m.match("a needle in the reply");
    ASSERT_EQ(hits.size(), rules.size());
    std::vector<Tier> tiers;
    for (const auto* r : hits) tiers.push_back(classify::tier_of(*r));
    const std::vector<Tier> expected = {Tier::Provider, Tier::Software, Tier::Generic, Tier::Generic,
                                        Tier::Vocabulary, Tier::Signature, Tier::RelayHost};
    EXPECT_EQ(tiers, expected);
    EXPECT_EQ(hits[2], &k_generic);
    EXPECT_EQ(hits[3], &generic2);
    for (std::size_t i = 1; i < classify::k_rule_tiers.size(); ++i)
        EXPECT_LT(static_cast<int>(classify::k_rule_tiers[i - 1]), static_cast<int>(classify::k_rule_tiers[i]));
    EXPECT_TRUE(m.match("no such word").empty());
    EXPECT_EQ(m.phrase(k_generic, "a NEEDLE here"), "NEEDLE");
}

TEST(ClassifyMatcher, HostProviderReadsTheRelayHostRules) {
    const auto& c = fixture::classifier();
    EXPECT_EQ(classify::host_provider(c.matcher(), "gmail-smtp-in.l.google.com").value_or(""), "gmail");
    EXPECT_EQ(classify::host_provider(c.matcher(), "contoso-com.mail.protection.outlook.com").value_or(""), "microsoft");
    EXPECT_FALSE(classify::host_provider(c.matcher(), "mx.example.org").has_value());
}

TEST(ClassifyDecide, NoSuchUserAfterTheMessageIsAFilterUnlessTheCodeNamesTheAddress) {
    const auto& c = fixture::classifier();
    const std::string host = "host mx.example.test[192.0.2.50] said: ";
    EXPECT_EQ(c.explain(host + "550 Unknown user kim@example.test (in reply to end of DATA command)").reason, Reason::rejected);
    // Refused at RCPT TO, or with an address code, the words keep their meaning.
    EXPECT_EQ(c.explain(host + "550 Unknown user kim@example.test (in reply to RCPT TO command)").reason, Reason::userunknown);
    EXPECT_EQ(c.explain(host + "550 5.1.1 Unknown user kim@example.test (in reply to end of DATA command)").reason,
              Reason::userunknown);
}
