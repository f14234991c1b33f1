#pragma once
#include <QString>
#include <stdexcept>

namespace sonde {

// The one exception type core throws for bad input or failed operations. The
// message is meant for the user as it stands: it names the file, line or tensor
// and what is wrong, so callers (GUI, CLI, jobs) only have to show it.
class Error : public std::runtime_error {
public:
    explicit Error(const QString& message) : std::runtime_error(message.toStdString()), m_message(message) {}
    const QString& message() const { return m_message; }

private:
    QString m_message;
};

} // namespace sonde
