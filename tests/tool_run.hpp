// Runs the descent tool as a user would, for the tests of its environment variables and commands.
#pragma once

#include <array>
#include <cstdio>
#include <memory>
#include <string>
#include <sys/wait.h>

namespace descent {

struct ToolRun {
    std::string output;  // stdout and stderr together
    int status;
};

// `environment` is a list of NAME=VALUE words (or empty), `arguments` the command line after
// the tool's name, shell-quoted where needed.
inline ToolRun run_tool(const std::string& environment, const std::string& arguments) {
    const std::string command = "env " + environment + " " DESCENT_CLI_COMMAND " " + arguments + " 2>&1";
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
    std::string output;
    std::array<char, 256> buffer;
    while (fgets(buffer.data(), buffer.size(), pipe.get())) output += buffer.data();
    const int status = pclose(pipe.release());
    return {output, WEXITSTATUS(status)};
}

}  // namespace descent
