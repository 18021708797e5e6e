#pragma once

#include <string>

#include "detail/handles.hpp"
#include "kfk/group_metadata.hpp"

namespace kfk {

struct GroupMetadata::Impl {
    detail::GroupMetadataPtr md;
    std::string group_id;
};

}  // namespace kfk
