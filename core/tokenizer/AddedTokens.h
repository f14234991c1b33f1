#pragma once
// Added and special tokens ("<|endoftext|>", "[CLS]", "<|im_start|>", …) are
// matched in the raw text before normal tokenisation, as Hugging Face does:
// the text is cut around them and only the pieces between are tokenised.
#include <functional>
#include <string>
#include <vector>

namespace sonde {

struct AddedToken {
    std::string content;
    int id = -1;
    bool special = false;
    bool lstrip = false; // swallow whitespace on the left
    bool rstrip = false; // … and on the right
};

struct TextSegment {
    std::string text; // plain text when id < 0
    int id = -1;      // an added token
};

class AddedTokens {
public:
    void add(const AddedToken& token);
    bool empty() const { return m_tokens.empty(); }
    // Longest match first at each position.
    std::vector<TextSegment> split(const std::string& text) const;
    // Ids of `text`: added tokens directly, the text between them through `plain`.
    std::vector<int> encode(const std::string& text, const std::function<void(const std::string&, std::vector<int>&)>& plain) const;
    const std::vector<AddedToken>& tokens() const { return m_tokens; }

private:
    std::vector<AddedToken> m_tokens; // sorted longest first
};

} // namespace sonde
