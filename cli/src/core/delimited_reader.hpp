// Splits an input stream (stdin or a file) into records at a delimiter of any length,
// without copying: each record is a view into the read buffer. The bytes between two
// delimiters are the record, exactly — nothing is trimmed or added; a last record without a
// trailing delimiter still counts, and a trailing delimiter does not start an empty record.
//
// Thread-safety: one thread at a time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kfk::cli {

class DelimitedReader {
  public:
    // `fd` stays owned by the caller. An empty delimiter reads the whole input as one record.
    // `stop`, if given, is checked while waiting for input (a terminal or a pipe that stays
    // open): when it returns true, the input ends there (interrupted() tells).
    DelimitedReader(int fd, std::string delimiter, std::size_t chunk = 1 << 20,
                    bool (*stop)() = nullptr);

    // The next record, valid until the next call; nullopt at the end of the input. Throws
    // CliError if reading fails.
    std::optional<std::string_view> next();
    // 1-based number of the record next() returned last (the line number for "\n").
    std::uint64_t record_number() const noexcept { return number_; }
    bool interrupted() const noexcept { return interrupted_; }

  private:
    bool fill();

    int fd_;
    std::string delim_;
    std::vector<char> buf_;
    std::size_t begin_ = 0;  // first unreturned byte
    std::size_t end_ = 0;    // end of valid data
    std::size_t scan_ = 0;   // where to resume looking for the delimiter
    std::size_t chunk_;
    bool eof_ = false;
    bool (*stop_)() = nullptr;
    bool interrupted_ = false;
    std::uint64_t number_ = 0;
};

// "\t", "\n", "\r", "\0", "\\" in a delimiter argument become the bytes they name.
std::string unescape_delimiter(std::string_view arg);

}  // namespace kfk::cli
