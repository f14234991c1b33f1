#pragma once
// The Attention & Syntax workspace's registration in the views: its page and
// its headless figures.
namespace sonde {

class ViewRegistry;
void registerSyntaxViews(ViewRegistry& registry);

} // namespace sonde
