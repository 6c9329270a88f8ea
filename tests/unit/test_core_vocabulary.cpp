// The closed value sets (core/vocabulary): every enum value has its name, names map back, the class
// digit mapping holds both ways, and a misspelt name is no value.
#include "core/vocabulary.hpp"

#include <gtest/gtest.h>

using namespace smtpx;

TEST(CoreVocabulary, EveryValueRoundTripsThroughItsName) {
    for (Reason r : all_values<Reason>()) EXPECT_EQ(from_name<Reason>(name(r)), r) << name(r);
    for (Actor a : all_values<Actor>()) EXPECT_EQ(from_name<Actor>(name(a)), a) << name(a);
    for (SmtpClass c : all_values<SmtpClass>()) EXPECT_EQ(from_name<SmtpClass>(name(c)), c) << name(c);
    for (Bounce b : all_values<Bounce>()) EXPECT_EQ(from_name<Bounce>(name(b)), b) << name(b);
    EXPECT_EQ(all_values<Reason>().size(), 27U);
}

TEST(CoreVocabulary, NamesAreTheOnesTheJsonAndTheKbSpell) {
    EXPECT_EQ(name(Reason::userunknown), "userunknown");
    EXPECT_EQ(name(Reason::undefined), "undefined");
    EXPECT_EQ(name(Actor::sender_admin), "sender-admin");
    EXPECT_EQ(name(SmtpClass::permanent_negative), "permanent-negative");
    EXPECT_EQ(name(std::optional<SmtpClass>()), "");
    EXPECT_EQ(catalog_key("class.", SmtpClass::transient_negative), "class.transient-negative");
}

TEST(CoreVocabulary, AMisspeltNameIsNoValue) {
    EXPECT_FALSE(from_name<Reason>("user-unknown"));
    EXPECT_FALSE(from_name<Reason>(""));
    EXPECT_FALSE(from_name<Actor>("sender_admin"));
    EXPECT_FALSE(from_name<Bounce>("Hard"));
}

TEST(CoreVocabulary, ClassDigitsMapBothWays) {
    for (char d : {'2', '3', '4', '5'}) EXPECT_EQ(class_digit(*class_of_digit(d)), d);
    EXPECT_EQ(class_of_digit('5'), SmtpClass::permanent_negative);
    EXPECT_EQ(class_of_digit('2'), SmtpClass::positive_completion);
    EXPECT_FALSE(class_of_digit('1'));
    EXPECT_FALSE(class_of_digit('6'));
    EXPECT_FALSE(class_of_digit('X'));
}
