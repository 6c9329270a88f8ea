// util/net: the one IP recogniser that parsing, the stats normaliser, redaction and the describer share.
#include "util/net.hpp"

#include <gtest/gtest.h>

using smtpx::util::find_ipv4;
using smtpx::util::ipv4_length;
using smtpx::util::ipv6_length;
using smtpx::util::is_ip;

TEST(UtilNet, Ipv4IsFourPartsOfAtMost255AndNoLongerDottedNumber) {
    EXPECT_EQ(ipv4_length("192.0.2.1]:25"), 9u);
    EXPECT_EQ(ipv4_length("255.255.255.255"), 15u);
    EXPECT_EQ(ipv4_length("256.1.1.1"), 0u);
    EXPECT_EQ(ipv4_length("1.2.3"), 0u);
    EXPECT_EQ(ipv4_length("1.2.3.4.5"), 0u);    // a version or an OID
    EXPECT_EQ(ipv4_length("1.2.3.4a"), 0u);
    EXPECT_EQ(ipv4_length("1.2.3.4."), 7u);     // the sentence's full stop is not part of it
}

TEST(UtilNet, Ipv6NeedsEightGroupsOrCompressionAndIsNoClockTime) {
    EXPECT_EQ(ipv6_length("2001:db8::1"), 11u);
    EXPECT_EQ(ipv6_length("::ffff:192.0.2.1"), 16u);
    EXPECT_EQ(ipv6_length("2001:db8:0:0:0:0:0:1 x"), 20u);
    EXPECT_EQ(ipv6_length("12:00:00"), 0u);
    EXPECT_EQ(ipv6_length("Foo::Bar"), 0u);
}

TEST(UtilNet, IsIpTakesTheWholeTextAndTheAddressLiteralPrefix) {
    EXPECT_TRUE(is_ip("192.0.2.1"));
    EXPECT_TRUE(is_ip("IPv6:2001:db8::1"));
    EXPECT_TRUE(is_ip("ipv6:::1"));
    EXPECT_FALSE(is_ip("192.0.2.1:25"));
    EXPECT_FALSE(is_ip("10:00:01"));
    EXPECT_FALSE(is_ip("mx.example.com"));
    EXPECT_FALSE(is_ip(""));
}

TEST(UtilNet, FindIpv4SkipsNumbersThatOnlyContainOne) {
    EXPECT_EQ(find_ipv4("554 Your IP 192.0.2.7 is listed"), "192.0.2.7");
    EXPECT_EQ(find_ipv4("version 1.2.3.4.5 then 198.51.100.9."), "198.51.100.9");
    EXPECT_EQ(find_ipv4("no address here 12.34"), "");
}
