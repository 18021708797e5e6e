#include "core/json_input.hpp"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/reader.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <deque>

#include "core/encoding.hpp"
#include "core/time_parse.hpp"

namespace kfk::cli {
namespace {

constexpr unsigned kParseFlags =
    rapidjson::kParseValidateEncodingFlag | rapidjson::kParseFullPrecisionFlag;

std::string parse_error_text(rapidjson::ParseErrorCode code, std::size_t offset) {
    return "offset " + std::to_string(offset) + ": " + rapidjson::GetParseError_En(code);
}

}  // namespace

bool validate_json(std::string_view text, std::string& error) {
    thread_local rapidjson::Reader reader;
    rapidjson::BaseReaderHandler<> handler;
    rapidjson::MemoryStream ms{text.data(), text.size()};
    rapidjson::EncodedInputStream<rapidjson::UTF8<>, rapidjson::MemoryStream> in{ms};
    const auto result = reader.Parse<kParseFlags>(in, handler);
    if (result.IsError()) {
        error = parse_error_text(result.Code(), result.Offset());
        return false;
    }
    return true;
}

struct JsonRecordParser::State {
    rapidjson::Document doc;
    std::string key_buf;
    std::string value_buf;
    std::deque<std::string> header_bufs;  // stable addresses; capacity reused
    rapidjson::StringBuffer json_buf;
};

JsonRecordParser::JsonRecordParser() : state_(std::make_unique<State>()) {}
JsonRecordParser::~JsonRecordParser() = default;

namespace {

std::string_view view_of(const rapidjson::Value& v) {
    return {v.GetString(), v.GetStringLength()};
}

// A bytes field ("key"/"value") with its "<name>_encoding".
bool read_bytes(const rapidjson::Value& obj, const char* name, const char* encoding_name,
                std::string& buf, rapidjson::StringBuffer& json_buf,
                std::optional<std::string_view>& out, std::string& error) {
    out.reset();
    const auto it = obj.FindMember(name);
    if (it == obj.MemberEnd() || it->value.IsNull()) return true;
    std::string_view encoding = "utf8";
    if (const auto enc = obj.FindMember(encoding_name);
        enc != obj.MemberEnd() && !enc->value.IsNull()) {
        if (!enc->value.IsString()) {
            error = std::string{"'"} + encoding_name + "' must be a string";
            return false;
        }
        encoding = view_of(enc->value);
    }
    if (encoding == "json") {
        json_buf.Clear();
        rapidjson::Writer<rapidjson::StringBuffer> writer{json_buf};
        it->value.Accept(writer);
        buf.assign(json_buf.GetString(), json_buf.GetSize());
        out = buf;
        return true;
    }
    if (!it->value.IsString()) {
        error = std::string{"'"} + name + "' must be a string or null (or set '" + encoding_name +
                "' to \"json\")";
        return false;
    }
    if (encoding == "utf8") {
        out = view_of(it->value);
        return true;
    }
    if (encoding == "base64") {
        if (!decode_base64(view_of(it->value), buf)) {
            error = std::string{"'"} + name + "' is not valid base64";
            return false;
        }
        out = buf;
        return true;
    }
    error = std::string{"'"} + encoding_name +
            "' must be \"utf8\", \"base64\" or \"json\", not \"" + std::string{encoding} + "\"";
    return false;
}

}  // namespace

bool JsonRecordParser::parse(std::string_view line, InputRecord& out, std::string& error) {
    auto& s = *state_;
    out.key.reset();
    out.value.reset();
    out.headers.clear();
    out.partition.reset();
    out.timestamp_ms.reset();

    s.doc.Parse<kParseFlags>(line.data(), line.size());
    if (s.doc.HasParseError()) {
        error =
            "invalid JSON at " + parse_error_text(s.doc.GetParseError(), s.doc.GetErrorOffset());
        return false;
    }
    if (!s.doc.IsObject()) {
        error = "expected a JSON object (a record as `kfk consume --output json` prints it)";
        return false;
    }
    const auto& obj = s.doc;
    if (!read_bytes(obj, "key", "key_encoding", s.key_buf, s.json_buf, out.key, error)) {
        return false;
    }
    const char* value_name =
        obj.HasMember("value") || !obj.HasMember("payload") ? "value" : "payload";
    if (!read_bytes(obj, value_name, "value_encoding", s.value_buf, s.json_buf, out.value, error)) {
        return false;
    }
    if (const auto p = obj.FindMember("partition"); p != obj.MemberEnd() && !p->value.IsNull()) {
        if (!p->value.IsInt()) {
            error = "'partition' must be an integer or null";
            return false;
        }
        out.partition = p->value.GetInt();
    }
    if (const auto t = obj.FindMember("timestamp_ms"); t != obj.MemberEnd() && t->value.IsInt64()) {
        out.timestamp_ms = t->value.GetInt64();
    } else if (const auto ts = obj.FindMember("ts"); ts != obj.MemberEnd() && ts->value.IsInt64()) {
        out.timestamp_ms = ts->value.GetInt64();
    } else if (const auto iso = obj.FindMember("timestamp");
               iso != obj.MemberEnd() && iso->value.IsString()) {
        try {
            out.timestamp_ms = parse_time(view_of(iso->value), 0);
        } catch (const std::exception&) {
            error = "'timestamp' is not an ISO-8601 time";
            return false;
        }
    }
    const auto h = obj.FindMember("headers");
    if (h == obj.MemberEnd() || h->value.IsNull()) return true;
    if (!h->value.IsArray()) {
        error = "'headers' must be an array";
        return false;
    }
    const auto& arr = h->value.GetArray();
    std::size_t used = 0;
    const auto buffer = [&]() -> std::string& {
        if (used == s.header_bufs.size()) s.header_bufs.emplace_back();
        return s.header_bufs[used++];
    };
    if (!arr.Empty() && arr[0].IsString()) {
        // kcat -J: [k1, v1, k2, v2, ...]
        if (arr.Size() % 2) {
            error = "'headers' as a flat array needs key/value pairs";
            return false;
        }
        for (rapidjson::SizeType i = 0; i < arr.Size(); i += 2) {
            if (!arr[i].IsString() || !(arr[i + 1].IsString() || arr[i + 1].IsNull())) {
                error = "'headers' as a flat array must hold strings";
                return false;
            }
            out.headers.push_back(
                {view_of(arr[i]), arr[i + 1].IsNull()
                                      ? std::nullopt
                                      : std::optional<std::string_view>{view_of(arr[i + 1])}});
        }
        return true;
    }
    for (const auto& entry : arr) {
        if (!entry.IsObject()) {
            error = "each header must be an object {\"key\":..,\"value\":..}";
            return false;
        }
        const auto k = entry.FindMember("key");
        if (k == entry.MemberEnd() || !k->value.IsString()) {
            error = "each header needs a string 'key'";
            return false;
        }
        std::optional<std::string_view> key = view_of(k->value);
        if (const auto ke = entry.FindMember("key_encoding");
            ke != entry.MemberEnd() && ke->value.IsString() && view_of(ke->value) == "base64") {
            auto& kb = buffer();
            if (!decode_base64(*key, kb)) {
                error = "a header 'key' is not valid base64";
                return false;
            }
            key = kb;
        }
        std::optional<std::string_view> value;
        if (!read_bytes(entry, "value", "value_encoding", buffer(), s.json_buf, value, error)) {
            error = "header '" + std::string{*key} + "': " + error;
            return false;
        }
        out.headers.push_back({*key, value});
    }
    return true;
}

}  // namespace kfk::cli
