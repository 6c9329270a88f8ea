#pragma once
// Helpers shared by the parser's unit tests.
#include "parse/parsed.hpp"

#include <gtest/gtest.h>

namespace smtpx::parse::testing {

/// The input's one reply; fails the test (and returns an empty reply) when there is not exactly one.
inline Reply only_reply(const ParsedInput& p) {
    static const Reply empty;
    EXPECT_EQ(p.replies.size(), 1U);
    return p.replies.empty() ? empty : p.replies.front();
}

} // namespace smtpx::parse::testing
