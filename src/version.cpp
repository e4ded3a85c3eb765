#include "descent/version.h"

namespace descent {

std::string_view version() noexcept { return DESCENT_VERSION_STRING; }

}  // namespace descent
