#pragma once
// The Attention & Syntax workspace's registration in core: its section key,
// title, schema (SyntaxSection) and headless data export.
#include <QString>

namespace sonde {

class WorkspaceRegistry;
class Project;
struct SyntaxSection;

inline const QString kSyntaxKey = QStringLiteral("attention");

void registerSyntaxWorkspace(WorkspaceRegistry& registry);

// The project's syntax section, typed.
SyntaxSection syntaxSection(const Project& project);

} // namespace sonde
