# Install and export: headers, the library, the tool, a CMake package (find_package(descent))
# and a pkg-config file.
include(CMakePackageConfigHelpers)

set(DESCENT_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/descent)
get_target_property(descent_type descent TYPE)
if(descent_type STREQUAL "STATIC_LIBRARY")
  set(DESCENT_STATIC ON)
else()
  set(DESCENT_STATIC OFF)
endif()

install(TARGETS descent EXPORT descentTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/descent DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  FILES_MATCHING PATTERN "*.hpp" PATTERN "*.h")
install(FILES ${PROJECT_BINARY_DIR}/include/descent/version.h DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/descent)
if(DESCENT_BUILD_TOOL)
  # Beside a shared library the tool finds it in ../lib wherever the prefix is.
  set_target_properties(descent_cli PROPERTIES INSTALL_RPATH "$ORIGIN/../${CMAKE_INSTALL_LIBDIR}")
  install(TARGETS descent_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()

install(EXPORT descentTargets NAMESPACE descent:: DESTINATION ${DESCENT_CMAKE_DIR})
# The MPI layer, an optional component: find_package(descent COMPONENTS mpi) -> descent::mpi.
set(DESCENT_HAS_MPI OFF)
if(TARGET descent_mpi)
  set(DESCENT_HAS_MPI ON)
  install(TARGETS descent_mpi EXPORT descentMpiTargets
    ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
    LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
    RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  install(EXPORT descentMpiTargets NAMESPACE descent:: DESTINATION ${DESCENT_CMAKE_DIR})
endif()
configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/descentConfig.cmake.in
  ${PROJECT_BINARY_DIR}/descentConfig.cmake INSTALL_DESTINATION ${DESCENT_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/descentConfigVersion.cmake
  COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/descentConfig.cmake ${PROJECT_BINARY_DIR}/descentConfigVersion.cmake
  DESTINATION ${DESCENT_CMAKE_DIR})

# pkg-config: a static library's users must also link what it was built with (OpenMP's runtime,
# the C++ library), so for a static build those go into Libs, where plain `--libs` finds them.
if(DESCENT_STATIC)
  set(DESCENT_PC_LIBS "-ldescent -lgomp -lstdc++ -lm")
  set(DESCENT_PC_LIBS_PRIVATE "")
else()
  set(DESCENT_PC_LIBS "-ldescent")
  set(DESCENT_PC_LIBS_PRIVATE "-lgomp -lstdc++ -lm")
endif()
# Relative to the .pc file's own folder, so the install works at any --prefix.
file(RELATIVE_PATH DESCENT_PC_TO_PREFIX /${CMAKE_INSTALL_LIBDIR}/pkgconfig /)
string(REGEX REPLACE "/$" "" DESCENT_PC_TO_PREFIX "${DESCENT_PC_TO_PREFIX}")
configure_file(${CMAKE_CURRENT_LIST_DIR}/descent.pc.in ${PROJECT_BINARY_DIR}/descent.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/descent.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
