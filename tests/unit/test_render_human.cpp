// The human view's header (codes and title) fits narrow terminals in both languages.
#include "kb_fixture.hpp"
#include "classify/classifier.hpp"
#include "render/human.hpp"
#include "util/terminal_text.hpp"

#include <gtest/gtest.h>
#include <sstream>

TEST(RenderHuman, HeaderWrapsToTheWidthInBothLanguages) {
    const auto& base = smtpx::fixture::embedded_kb();
    for (auto lang : {smtpx::Lang::En, smtpx::Lang::Zh}) {
        const auto& c = smtpx::fixture::classifier(lang);
        smtpx::render::Style style;
        style.lang = lang;
        style.width = 30;
        for (const auto* code : base.codes()) {
            auto e = c.explain(std::to_string(code->code));
            std::istringstream out(smtpx::render::human(e, style));
            std::string first, second;
            std::getline(out, first);
            std::getline(out, second);
            EXPECT_LE(smtpx::util::display_width(first), 30) << first;
            if (second.rfind("     ", 0) == 0) {   // title continued
                EXPECT_LE(smtpx::util::display_width(second), 30) << second;
            }
        }
    }
}
