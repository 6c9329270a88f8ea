// The known keys come from to_json() of a sample answer, so the contract has one home (json.cpp).
#include "render/json_fields.hpp"

#include "render/json.hpp"

#include <algorithm>

namespace smtpx::render {

const std::vector<std::string>& json_keys() {
    static const std::vector<std::string> keys = [] {
        std::vector<std::string> out;
        Explanation sample;
        const nlohmann::ordered_json answer = to_json(sample);
        for (const auto& item : answer.items()) out.push_back(item.key());
        Explanation mail;   // smtpx mail's answers add where the mail came from
        mail.mail.emplace();
        Explanation error;   // an error answer adds "error"
        error.error = "x";
        for (const Explanation* e : {&mail, &error}) {
            const nlohmann::ordered_json j = to_json(*e);
            for (const auto& item : j.items())
                if (std::find(out.begin(), out.end(), item.key()) == out.end()) out.push_back(item.key());
        }
        return out;
    }();
    return keys;
}

std::vector<std::string> parse_fields(std::string_view list, std::string& unknown) {
    std::vector<std::string> out;
    const auto& known = json_keys();
    while (!list.empty()) {
        const std::size_t comma = list.find(',');
        std::string name(list.substr(0, comma));
        list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
        while (!name.empty() && name.back() == ' ') name.pop_back();
        while (!name.empty() && name.front() == ' ') name.erase(0, 1);
        if (name.empty()) continue;
        if (std::find(known.begin(), known.end(), name) == known.end()) {
            unknown = name;
            return {};
        }
        if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(std::move(name));
    }
    return out;
}

nlohmann::ordered_json select(const nlohmann::ordered_json& j, const std::vector<std::string>& fields) {
    nlohmann::ordered_json out = nlohmann::ordered_json::object();
    for (const auto& f : fields) {
        auto it = j.find(f);
        out[f] = it == j.end() ? nlohmann::ordered_json(nullptr) : *it;
    }
    return out;
}

} // namespace smtpx::render
