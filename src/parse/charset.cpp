// iconv wrapper: one conversion descriptor per call, bounded output, invalid input replaced.
#include "parse/charset.hpp"

#include "util/strings.hpp"

#include <cerrno>
#include <iconv.h>

namespace smtpx::parse {

namespace {

/// Names that glibc knows by another name, or that mail software writes loosely.
std::string iconv_name(std::string_view charset) {
    std::string cs = util::to_lower(util::trim(charset));
    if (cs == "gb2312" || cs == "x-gbk" || cs == "cp936") return "GB18030";   // GB18030 is a superset
    if (cs == "shift-jis" || cs == "x-sjis" || cs == "sjis" || cs == "shift_jis") return "CP932";   // what Windows writes as Shift_JIS
    if (cs == "ks_c_5601-1987") return "CP949";
    if (cs == "iso-2022-jp") return "ISO-2022-JP-3";   // accepts the JIS X 0208 and 0212 forms senders mix in
    if (cs == "big5") return "BIG5-HKSCS";
    return cs;
}

bool passes_through(std::string_view cs) {
    return cs.empty() || util::iequals(cs, "us-ascii") || util::iequals(cs, "utf-8") || util::iequals(cs, "utf8") ||
           util::iequals(cs, "ascii") || util::iequals(cs, "unknown-8bit") || util::iequals(cs, "x-unknown");
}

} // namespace

std::string to_utf8(std::string_view bytes, std::string_view charset) {
    const std::string_view cs = util::trim(charset);
    if (passes_through(cs) || bytes.empty()) return std::string(bytes);
    iconv_t cd = iconv_open("UTF-8", iconv_name(cs).c_str());
    if (cd == reinterpret_cast<iconv_t>(-1)) return std::string(bytes);
    std::string out;
    out.reserve(bytes.size() * 2);
    char buf[4096];
    char* in = const_cast<char*>(bytes.data());   // iconv's signature; it does not write the input
    std::size_t in_left = bytes.size();
    while (in_left > 0) {
        char* o = buf;
        std::size_t o_left = sizeof buf;
        const std::size_t r = iconv(cd, &in, &in_left, &o, &o_left);
        out.append(buf, static_cast<std::size_t>(o - buf));
        if (r == static_cast<std::size_t>(-1)) {
            if (errno == E2BIG) continue;
            // EILSEQ or EINVAL (truncated sequence): replace one byte and go on.
            out += "\xEF\xBF\xBD";
            ++in;
            --in_left;
            iconv(cd, nullptr, nullptr, nullptr, nullptr);   // reset a stateful (ISO-2022) decoder
        }
    }
    char* o = buf;
    std::size_t o_left = sizeof buf;
    iconv(cd, nullptr, nullptr, &o, &o_left);   // flush a stateful encoding
    out.append(buf, static_cast<std::size_t>(o - buf));
    iconv_close(cd);
    return out;
}

} // namespace smtpx::parse
