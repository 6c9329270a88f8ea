// A provider's own meaning of an enhanced code applies to that provider's replies only; everyone
// else's reply with the same code gets the IANA registry's meaning.
#include "kb_fixture.hpp"
#include "classify/classifier.hpp"
#include "core/messages.hpp"
#include "kb/knowledge_base.hpp"

#include <algorithm>
#include <gtest/gtest.h>
#include <string>

using namespace smtpx;

namespace {
// A Microsoft 365 server name: the provider signature, with no wording rule about the code itself.
constexpr const char* k_eop = " [BN8NAM12FT123.eop-nam12.prod.protection.outlook.com]";

bool has_vendor_warning(const Explanation& e) {
    return std::any_of(e.warnings.begin(), e.warnings.end(),
                       [](const std::string& w) { return w.find("own code") != std::string::npos; });
}
bool has_alternative(const Explanation& e, const std::string& reason, const std::string& source_part) {
    return std::any_of(e.alternatives.begin(), e.alternatives.end(), [&](const Alternative& a) {
        return smtpx::name(a.reason) == reason && a.source.find(source_part) != std::string::npos;
    });
}
} // namespace

TEST(VendorCodes, ProviderMeaningAppliesToThatProvidersReply) {
    const auto& base = smtpx::fixture::embedded_kb();
    const auto& c = smtpx::fixture::classifier();
    ASSERT_NE(base.find_vendor_enhanced("5.1.10"), nullptr);
    auto e = c.explain("550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup");
    EXPECT_EQ(e.reason, smtpx::Reason::userunknown);
    EXPECT_EQ(e.provider.value_or(""), "microsoft");
    EXPECT_EQ(e.enhanced_title, base.find_vendor_enhanced("5.1.10")->title);
    EXPECT_TRUE(e.registered);
    EXPECT_FALSE(has_vendor_warning(e));
    // The registry's reading (null MX) is not dropped silently.
    EXPECT_TRUE(has_alternative(e, "notaccept", "X.1.10"));
}

TEST(VendorCodes, OtherRepliesGetTheRegistryMeaning) {
    const auto& base = smtpx::fixture::embedded_kb();
    const auto& c = smtpx::fixture::classifier();
    ASSERT_NE(base.find_registry_enhanced("5.1.10"), nullptr);
    for (const char* in : {"556 5.1.10 Recipient address has null MX", "5.1.10", "550 5.1.10 no mail for this domain"}) {
        auto e = c.explain(in);
        EXPECT_EQ(e.reason, smtpx::Reason::notaccept) << in;
        EXPECT_FALSE(e.provider) << in;
        EXPECT_EQ(e.enhanced_title, base.find_registry_enhanced("5.1.10")->title) << in;
        EXPECT_FALSE(has_vendor_warning(e)) << in;
    }
    auto e = c.explain("525 5.7.13 User Account Disabled");
    EXPECT_EQ(e.enhanced_title, "User Account Disabled");
}

TEST(VendorCodes, CodeOnlyTheVendorDefinesIsStillExplainedWithoutText) {
    const auto& c = smtpx::fixture::classifier();
    auto e = c.explain("5.7.515");
    EXPECT_EQ(e.provider.value_or(""), "microsoft");
    EXPECT_EQ(e.reason, smtpx::Reason::authfailure);
    EXPECT_FALSE(e.registered);
    EXPECT_TRUE(has_vendor_warning(e));
}

TEST(VendorCodes, VendorWarningOnlyWhenTheVendorMeaningWasApplied) {
    const auto& c = smtpx::fixture::classifier();
    // Another provider's reply with Microsoft's private code: Microsoft's meaning is not applied,
    // so the code is unregistered, not "Microsoft's own".
    auto gmail = c.explain("550 5.7.515 Message rejected - gsmtp");
    EXPECT_EQ(gmail.provider.value_or(""), "gmail");
    EXPECT_FALSE(has_vendor_warning(gmail));
    EXPECT_FALSE(gmail.registered);
    // A registered code with Microsoft's meaning applied: registered, no "own code" warning.
    auto ms = c.explain(std::string("550 5.4.1 Recipient address rejected: Access denied.") + k_eop);
    EXPECT_EQ(ms.provider.value_or(""), "microsoft");
    EXPECT_FALSE(has_vendor_warning(ms));
    EXPECT_TRUE(ms.registered);
    // Registry meanings never carry it.
    for (const char* in : {"451 4.4.1 No answer from host", "550 5.1.1 User unknown", "5.7.13"})
        EXPECT_FALSE(has_vendor_warning(c.explain(in))) << in;
}

TEST(VendorCodes, EveryVendorCodeSharedWithTheRegistryIsScopedToItsProvider) {
    const auto& base = smtpx::fixture::embedded_kb();
    const auto& c = smtpx::fixture::classifier();
    int shared = 0;
    for (const auto* entry : base.enhanced()) {
        if (entry->status != "vendor" || entry->provider != "microsoft") continue;
        const auto* registry = base.find_registry_enhanced(entry->code);
        if (!registry) continue;
        ++shared;
        std::string code(entry->code);
        auto bare = c.explain(code);
        EXPECT_EQ(bare.enhanced_title, registry->title) << code;
        auto ms = c.explain("550 " + code + " Delivery failed." + k_eop);
        EXPECT_EQ(ms.enhanced_title, entry->title) << code;
        EXPECT_EQ(ms.provider.value_or(""), "microsoft") << code;
    }
    EXPECT_GE(shared, 3);   // 5.1.10, 5.4.1, 5.7.13
}
