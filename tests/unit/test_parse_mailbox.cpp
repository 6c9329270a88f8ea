// read_box: mbox splitting and unquoting, a single message starting with "From ", Maildir order, errors.
#include "core/error.hpp"
#include "parse/mailbox.hpp"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>

using namespace smtpx::parse;
namespace fs = std::filesystem;

namespace {
struct TempDir {
    fs::path path = fs::temp_directory_path() / ("smtpx-box-" + std::to_string(::getpid()) + "-" +
                                                 ::testing::UnitTest::GetInstance()->current_test_info()->name());
    TempDir() { fs::create_directories(path); }
    ~TempDir() { fs::remove_all(path); }
    std::string write(const std::string& name, const std::string& text) const {
        fs::create_directories((path / name).parent_path());
        std::ofstream(path / name, std::ios::binary) << text;
        return (path / name).string();
    }
};
std::vector<BoxMessage> read_all(const std::string& p) {
    std::vector<BoxMessage> out;
    read_box(p, [&](BoxMessage& m) { out.push_back(m); });
    return out;
}
} // namespace

TEST(ParseMailbox, MboxIsSplitAtFromLinesAndUnquoted) {
    TempDir d;
    const std::string p = d.write("box", "From a@b Mon Dec  1 00:00:00 2026\nSubject: one\n\n>From here\n\n"
                                         "From c@d Mon Dec  1 00:00:01 2026\nSubject: two\n\nbody\n");
    const auto msgs = read_all(p);
    ASSERT_EQ(msgs.size(), 2u);
    EXPECT_EQ(msgs[0].index, 1);
    EXPECT_EQ(msgs[1].index, 2);
    EXPECT_TRUE(msgs[0].in_box);
    EXPECT_NE(msgs[0].bytes.find("\nFrom here"), std::string::npos);
    EXPECT_EQ(msgs[0].bytes.find("From a@b"), std::string::npos);
}

TEST(ParseMailbox, OneMessageStartingWithFromLineIsOneMessage) {
    TempDir d;
    const std::string p = d.write("one.eml", "From a@b Mon Dec  1 00:00:00 2026\nSubject: one\n\nFrom the team\n");
    const auto msgs = read_all(p);
    ASSERT_EQ(msgs.size(), 1u);
    EXPECT_FALSE(msgs[0].index.has_value());
    EXPECT_FALSE(msgs[0].in_box);
    EXPECT_EQ(msgs[0].file, p);
}

TEST(ParseMailbox, MaildirReadsCurThenNew) {
    TempDir d;
    d.write("md/new/2", "Subject: new\n\nx\n");
    d.write("md/cur/1", "Subject: cur\n\nx\n");
    d.write("md/tmp/3", "Subject: tmp\n\nx\n");
    const auto msgs = read_all((d.path / "md").string());
    ASSERT_EQ(msgs.size(), 2u);
    EXPECT_NE(msgs[0].bytes.find("cur"), std::string::npos);
    EXPECT_NE(msgs[1].bytes.find("new"), std::string::npos);
}

TEST(ParseMailbox, MhFolderIsReadInMessageNumberOrder) {
    TempDir d;
    d.write("mh/10", "Subject: ten\n\nx\n");
    d.write("mh/9", "Subject: nine\n\nx\n");
    d.write("mh/.mh_sequences", "unseen: 9\n");
    const auto msgs = read_all((d.path / "mh").string());
    ASSERT_EQ(msgs.size(), 2u);
    EXPECT_NE(msgs[0].bytes.find("nine"), std::string::npos);
}

TEST(ParseMailbox, UnreadablePathThrowsNamingIt) {
    try {
        read_all("/nonexistent/box");
        FAIL();
    } catch (const smtpx::Error& e) {
        EXPECT_NE(std::string(e.what()).find("/nonexistent/box"), std::string::npos);
    }
}
