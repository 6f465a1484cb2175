"""PDF validators: geometry of placed images (`ctm`), pixels and ink colours (`colour`),
digitised-document quality (`scan`), and the signature side (PAdES, roles, appearances);
`validate.validate_pdf` for one file, `batch.validate_files` for many on all cores."""
