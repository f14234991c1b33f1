// Precompiled for every translation unit of sonde_torch: the torch headers
// dominate compile time on a 2-core machine.
#pragma once
#include <torch/torch.h>
