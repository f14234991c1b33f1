#pragma once
// The Attention & Syntax workspace's sonde-cli commands: `syntax`.
namespace sonde::cli {

class Registry;
void registerSyntaxCommands(Registry& registry);

} // namespace sonde::cli
