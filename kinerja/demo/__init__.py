"""Demo and load-test data for Kinerja.

A plain package (not a Django app): `kinerja demo` loads a small, realistic
data set for two governments through the real write services, and
`kinerja seed` generates the same shape at any size with bulk inserts.

- `people`: Indonesian names, NIPs, usernames and ranks.
- `content`: the indicator catalogue, realisasi generation and feedback texts.
- `structure`: the organisation tree of the demo instansi.
- `loader`: loads the demo through the services.
- `seed`: the bulk generator behind `kinerja seed`.
- `purge`: removes an instansi with everything that hangs on it.
"""
