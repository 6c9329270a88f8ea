#pragma once
// Builds a Comparison of two or more codes: the explanations and the differences derived from the data.
#include "classify/classifier.hpp"

namespace smtpx::classify {

Comparison compare(const Classifier& classifier, const std::vector<std::string>& inputs);

} // namespace smtpx::classify
