# language: vi
@area_van_ban_so_hoa
Tính năng: Văn bản số hóa từ văn bản giấy
  Khi người ký chưa có chữ ký số cá nhân, hoặc khi văn bản đến bằng giấy, văn thư số hóa văn bản
  giấy rồi ký số của cơ quan. Tệp số hóa phải là PDF từ phiên bản 1.4, ảnh màu, độ phân giải tối
  thiểu 200 dpi, tỷ lệ 100%, và phải mang chữ ký số của cơ quan. Các kịch bản kiểm tra tệp số hóa
  hệ thống được kiểm thử tạo ra và việc hệ thống từ chối văn bản số hóa không có chữ ký số.

  Bối cảnh:
    Cho trục liên thông tham chiếu đã sẵn sàng

  @sut_gui @kha_nang_so_hoa @LC2019-6.3
  Kịch bản: Văn bản số hóa từ văn bản giấy mang chữ ký số của cơ quan ban hành
    Theo khoản 3 Điều 6 Quy chế tỉnh Lào Cai (2019), văn bản điện tử số hóa từ văn bản giấy phải
    "a) Được số hóa từ văn bản giấy có chữ ký của người có thẩm quyền và dấu của tổ chức ban hành
    văn bản; b) Có chữ ký số của tổ chức ban hành văn bản và đáp ứng các yêu cầu quy định tại
    Khoản 1 Điều này".
    Cho hệ thống được kiểm thử là cơ quan gửi "Cơ quan kiểm thử"
    Khi hệ thống được kiểm thử phát hành văn bản "VB1" số hóa từ bản giấy "công văn giấy một trang" gửi đến "Cơ quan A"
    Thì tệp "văn bản chính" của gói tin gửi đi có chữ ký số của "cơ quan ban hành"
    Và gói tin gửi đi đạt quy tắc "LC2019-6.3"

  @sut_gui @kha_nang_so_hoa @LC2019-9.3a @ND30-PL1-SOHOA @DN35-9.1c
  Khung kịch bản: Tệp số hóa từ "<mau_van_ban>" đạt tiêu chuẩn số hóa
    Theo điểm a khoản 3 Điều 9 Quy chế tỉnh Lào Cai (2019), văn thư Bên gửi số hóa văn bản giấy
    theo tiêu chuẩn: "Định dạng Portable Document Format (.pdf), phiên bản 1.4 trở lên; Ảnh màu;
    Độ phân giải tối thiểu: 200 dpi; Tỷ lệ số hóa: 100%". Phụ lục I NĐ 30/2020/NĐ-CP (Phần II,
    mục I.2) đặt cùng tiêu chuẩn; điểm c khoản 1 Điều 9 Quy định kèm QĐ 35/2016/QĐ-UBND tỉnh Đắk
    Nông dùng định dạng .pdf cho văn bản được quét.
    Cho hệ thống được kiểm thử là cơ quan gửi "Cơ quan kiểm thử"
    Khi hệ thống được kiểm thử phát hành văn bản "VB1" số hóa từ bản giấy "<mau_van_ban>" gửi đến "Cơ quan A"
    Thì gói tin gửi đi đạt quy tắc "LC2019-9.3a"
    Và gói tin gửi đi đạt quy tắc "ND30-PL1-SOHOA"
    Và gói tin gửi đi đạt quy tắc "DN35-9.1c"

    Dữ liệu:
      | mau_van_ban                  |
      | công văn giấy một trang      |
      | quyết định giấy nhiều trang  |
      | văn bản giấy có bảng biểu màu |

  @sut_nhan @kha_nang_so_hoa @LC2019-8.1a @ND30-PL1-SOHOA
  Kịch bản: Văn bản giấy đến được số hóa theo tiêu chuẩn số hóa
    Theo điểm a khoản 1 Điều 8 Quy chế tỉnh Lào Cai (2019), văn thư Bên nhận "số hóa văn bản giấy
    thành văn bản điện tử ... cụ thể: Định dạng Portable Document Format (.pdf), phiên bản 1.4 trở
    lên; Ảnh màu; Độ phân giải tối thiểu: 200 dpi; Tỷ lệ số hóa: 100%".
    Cho hệ thống được kiểm thử là cơ quan nhận "Cơ quan kiểm thử"
    Khi hệ thống được kiểm thử số hóa văn bản giấy đến "văn bản giấy có bảng biểu màu" thành văn bản "VB1"
    Thì tệp số hóa của văn bản "VB1" đạt quy tắc "LC2019-8.1a"
    Và tệp số hóa của văn bản "VB1" đạt quy tắc "ND30-PL1-SOHOA"

  @sut_nhan @LC2019-6.3 @LC2019-7.1a @QCVN102-STATUS-REASON
  Kịch bản: Văn bản số hóa đến không có chữ ký số của cơ quan bị từ chối kèm lý do
    Theo điểm b khoản 3 Điều 6 Quy chế tỉnh Lào Cai (2019), văn bản số hóa từ văn bản giấy phải "có
    chữ ký số của tổ chức ban hành văn bản"; điểm a khoản 1 Điều 7 giao văn thư Bên nhận kiểm tra
    tính xác thực của văn bản trước khi tiếp nhận.
    Cho hệ thống được kiểm thử là cơ quan nhận "Cơ quan kiểm thử"
    Khi trục chuyển đến hệ thống văn bản "VB1" có lỗi "văn bản số hóa không có chữ ký số của tổ chức" trái quy tắc "LC2019-6.3"
    Và hệ thống được kiểm thử kiểm tra văn bản "VB1" và tự quyết định tiếp nhận hay từ chối
    Thì trong vòng 15 phút hệ thống gửi phản hồi trạng thái "02" cho văn bản "VB1"
    Và phản hồi trạng thái "02" của hệ thống đạt quy tắc "QCVN102-STATUS-REASON"
    Nhưng trong vòng 15 phút hệ thống không gửi phản hồi trạng thái "03" cho văn bản "VB1"
