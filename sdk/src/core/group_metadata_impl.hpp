#pragma once

#include <string>

#include "core/handles.hpp"
#include "kfk/group_metadata.hpp"

namespace kfk {

struct GroupMetadata::Impl {
    detail::GroupMetadataPtr md;
    std::string group_id;
};

}  // namespace kfk
