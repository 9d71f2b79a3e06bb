/** The ports every host of the cluster suite uses: each host has its own address, so they never clash. */
export const SERVICE_PORT = 7000;
export const ETCD_CLIENT_PORT = 2379;
export const ETCD_PEER_PORT = 2380;
