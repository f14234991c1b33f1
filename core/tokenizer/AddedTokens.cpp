#include "tokenizer/AddedTokens.h"

#include <algorithm>

namespace sonde {

namespace {

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

} // namespace

void AddedTokens::add(const AddedToken& token)
{
    if (token.content.empty())
        return;
    // Kept sorted longest first; inserting after the equally long keeps file order among them.
    const auto at = std::upper_bound(m_tokens.begin(), m_tokens.end(), token,
                                     [](const AddedToken& a, const AddedToken& b) { return a.content.size() > b.content.size(); });
    m_tokens.insert(at, token);
}

std::vector<TextSegment> AddedTokens::split(const std::string& text) const
{
    std::vector<TextSegment> out;
    std::string pending;
    size_t i = 0;
    while (i < text.size()) {
        const AddedToken* hit = nullptr;
        for (const AddedToken& t : m_tokens)
            if (text.compare(i, t.content.size(), t.content) == 0) {
                hit = &t;
                break;
            }
        if (!hit) {
            pending += text[i++];
            continue;
        }
        if (hit->lstrip)
            while (!pending.empty() && isSpace(pending.back()))
                pending.pop_back();
        if (!pending.empty())
            out.push_back({pending, -1});
        pending.clear();
        out.push_back({std::string(), hit->id});
        i += hit->content.size();
        if (hit->rstrip)
            while (i < text.size() && isSpace(text[i]))
                ++i;
    }
    if (!pending.empty())
        out.push_back({pending, -1});
    return out;
}

std::vector<int> AddedTokens::encode(const std::string& text,
                                     const std::function<void(const std::string&, std::vector<int>&)>& plain) const
{
    std::vector<int> ids;
    for (const TextSegment& segment : split(text)) {
        if (segment.id >= 0)
            ids.push_back(segment.id);
        else
            plain(segment.text, ids);
    }
    return ids;
}

} // namespace sonde
