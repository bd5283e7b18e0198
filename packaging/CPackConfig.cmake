# Installers via CPack: `cmake --preset package && cmake --build --preset package &&
# (cd build/package && cpack)`. Linux: .deb and .tar.gz; macOS: .dmg; Windows: NSIS .exe and .zip.
# What the packages hold and what is missing (bundling Qt on macOS/Windows): docs/packaging.md.
set(CPACK_PACKAGE_NAME "parley")
set(CPACK_PACKAGE_VENDOR "Parley")
set(CPACK_PACKAGE_CONTACT "Parley developers <dev@parley.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_INSTALL_DIRECTORY "Parley")
set(CPACK_STRIP_FILES ON)

if(UNIX AND NOT APPLE)
    install(FILES ${CMAKE_CURRENT_LIST_DIR}/linux/org.parley.Parley.desktop
            DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
    install(FILES ${CMAKE_CURRENT_LIST_DIR}/linux/org.parley.Parley.metainfo.xml
            DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
    install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/parley.svg
            DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps
            RENAME org.parley.Parley.svg)
    set(CPACK_GENERATOR "DEB;TGZ")
    set(CPACK_DEBIAN_PACKAGE_SECTION "net")
    set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
    # What shlibdeps cannot see: Qt loads these as plugins or data at run time. SQLite is the
    # store of both the app and the hosted server (only a Recommends of libqt6sql6); Qt's own
    # zh_CN strings (dialog buttons) come with the translations; Wayland sessions want its plugin.
    set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6sql6-sqlite, qt6-translations-l10n")
    set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "qt6-wayland")
    set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
elseif(APPLE)
    set(CPACK_GENERATOR "DragNDrop")
else()
    set(CPACK_GENERATOR "NSIS;ZIP")
    set(CPACK_NSIS_DISPLAY_NAME "Parley")
    set(CPACK_NSIS_PACKAGE_NAME "Parley")
    set(CPACK_PACKAGE_EXECUTABLES "parley" "Parley")
endif()

include(CPack)
