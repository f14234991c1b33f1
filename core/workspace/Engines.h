#pragma once
// The engines workspaces reach the models through, by type: the syntax
// workspace asks for its SyntaxEngine, the chat workspace will ask for its
// own. Views see only these torch-free interfaces; the application fills the
// set (sonde_torch's registerModelEngines) and tests fill it with fakes.
#include <map>
#include <memory>
#include <typeindex>

namespace sonde {

class Engines {
public:
    template <class T>
    void add(std::shared_ptr<T> engine)
    {
        m_engines[std::type_index(typeid(T))] = std::move(engine);
    }
    // Null when none was added.
    template <class T>
    T* get() const
    {
        const auto it = m_engines.find(std::type_index(typeid(T)));
        return it == m_engines.end() ? nullptr : static_cast<T*>(it->second.get());
    }

private:
    std::map<std::type_index, std::shared_ptr<void>> m_engines;
};

class ModelStore;
// Every built-in workspace's engine over `models` (sonde_torch): one line per workspace.
void registerModelEngines(Engines& engines, ModelStore& models);

} // namespace sonde
